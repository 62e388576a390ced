# Runbook in a container: the release archive that `mvn package` builds, on a Java 17 runtime, with the
# PostgreSQL client tools that backup and restore steps call (pg_dump, pg_restore, psql).
#   mvn -B -ntp package -DskipTests && docker build -t runbook .
#   docker run --rm -v "$PWD:/work" -w /work runbook validate runbooks/staging-migrations-001-008/runbook.yaml
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
COPY engine/target/runbook-*.tar.gz /tmp/runbook.tar.gz
RUN mkdir -p /opt/runbook && tar -xzf /tmp/runbook.tar.gz -C /opt/runbook --strip-components=1 && rm /tmp/runbook.tar.gz
ENV PATH="/opt/runbook/bin:${PATH}"
ENTRYPOINT ["runbook"]

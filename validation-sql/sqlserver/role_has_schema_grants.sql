-- ---
-- description: A database principal has the given permission on a schema (re-applied grants took effect).
-- params: { role: null, schema: dbo, privilege: SELECT }
-- expect: count == 0
-- ---
SELECT :schema AS object, :privilege AS missing
WHERE NOT EXISTS (
  SELECT 1 FROM sys.database_permissions p
  JOIN sys.database_principals r ON r.principal_id = p.grantee_principal_id
  JOIN sys.schemas s ON p.class = 3 AND s.schema_id = p.major_id
  WHERE r.name = :role AND s.name = :schema AND p.permission_name = :privilege AND p.state IN ('G', 'W'))

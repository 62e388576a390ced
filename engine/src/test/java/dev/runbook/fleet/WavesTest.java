package dev.runbook.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wave sizes, label waves, the error budget's arithmetic and the stability of shards. */
class WavesTest {
    static Fleet fleet(int n, java.util.function.IntFunction<List<String>> labels) {
        List<FleetTarget> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            targets.add(new FleetTarget(i, "t" + i, labels.apply(i), null, Map.of(), Map.of(), null, Map.of()));
        }
        return new Fleet("f.yaml", targets);
    }

    static List<String> shape(List<Wave> waves) {
        return waves.stream().map(w -> w.name() + "=" + w.targets().stream().map(FleetTarget::name).toList()).toList();
    }

    @Test
    void countsAndPercentagesOfTheWholeFleetWithTheLastSizeRepeating() {
        List<Wave> waves = Waves.of(fleet(10, i -> List.of()), WaveSpec.parseOne("1"), WaveSpec.parseList("2,25%"));
        assertEquals(List.of("canary=[t0]", "wave 1=[t1, t2]", "wave 2=[t3, t4, t5]", "wave 3=[t6, t7, t8]",
                "wave 4=[t9]"), shape(waves));
    }

    @Test
    void labelWavesTakeEveryRemainingTargetWithTheLabelAndTheRestComeLast() {
        Fleet f = fleet(6, i -> i == 4 ? List.of("canary", "eu") : i % 2 == 0 ? List.of("eu") : List.of("us"));
        List<Wave> waves = Waves.of(f, WaveSpec.parseOne("label:canary"), WaveSpec.parseList("label:eu"));
        assertEquals(List.of("canary=[t4]", "wave 1=[t0, t2]", "wave 2=[t1, t3, t5]"), shape(waves));
        assertEquals(List.of("wave 1=[t0, t1, t2, t3, t4, t5]"), shape(Waves.of(f, null, List.of())));
    }

    @Test
    void theBudgetIsExceededOnlyPastIt() {
        ErrorBudget two = ErrorBudget.parse("2", 100);
        assertTrue(!two.exceeded(2) && two.exceeded(3));
        assertEquals(4, ErrorBudget.parse("2%", 200).allowed());
        assertEquals(0, ErrorBudget.parse("2%", 49).allowed(), "rounded down");
        assertThrows(IllegalArgumentException.class, () -> ErrorBudget.parse("two", 10));
        assertThrows(IllegalArgumentException.class, () -> WaveSpec.parseList("0,5"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("4/3"));
    }

    @Test
    void everyTargetIsInExactlyOneShardAndTheShardsAreEven() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) names.add("tenant-" + i);
        int[] sizes = new int[3];
        for (String n : names) {
            int in = 0;
            for (int s = 1; s <= 3; s++) {
                if (new Shard(s, 3).contains(n)) {
                    in++;
                    sizes[s - 1]++;
                }
            }
            assertEquals(1, in, n);
        }
        for (int size : sizes) assertTrue(size > 70, java.util.Arrays.toString(sizes));
        assertEquals(Math.floorMod(Shard.hash("tenant-7"), 3) == 1, new Shard(2, 3).contains("tenant-7"));
    }
}

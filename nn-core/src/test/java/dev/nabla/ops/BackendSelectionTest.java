package dev.nabla.ops;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.CpuBackend;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing a backend by name: cpu, an unknown name, and auto (which falls back to the CPU here). */
class BackendSelectionTest {
    @Test
    void cpuIsSelectable() {
        Backend cpu = Backends.select("cpu");
        assertInstanceOf(CpuBackend.class, cpu);
        assertEquals("cpu", cpu.name());
        // It computes: a 2×2 matrix product straight through the SPI.
        Tensor y = cpu.matmul(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), Tensor.of(new float[] {1, 0, 0, 1}, 2, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4}, y.toArray());
    }

    @Test
    void unknownNameListsTheAvailableBackends() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("available: " + Backends.available()), e.getMessage());
        assertTrue(e.getMessage().contains("cpu"), e.getMessage());
    }

    @Test
    void availableListsCpuFirst() {
        List<String> names = Backends.available();
        assertEquals("cpu", names.get(0));
    }

    @Test
    void autoFallsBackToCpuWithoutAcceleratedBackends() {
        // nn-core's test classpath has no BackendProvider, so auto must land on the CPU.
        assertEquals(List.of("cpu"), Backends.available());
        Backend auto = Backends.select("auto");
        assertInstanceOf(CpuBackend.class, auto);
    }

    @Test
    void defaultIsCpu() {
        assertEquals("cpu", Backends.current().name());
        assertThrows(IllegalArgumentException.class, () -> Backends.use(null));
    }
}

package dev.nabla.opencl;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryTest {
    @Test
    void providerIsFoundByServiceLoader() {
        assertTrue(Backends.available().contains("opencl"), "available: " + Backends.available());
    }

    @Test
    void listsDevicesWithTheirLimits() {
        ClTest.assumeOpenCl();
        List<ClDevice> devices = OpenCl.devices();
        assertFalse(devices.isEmpty());
        for (ClDevice d : devices) {
            assertTrue(d.globalMemBytes() > 0 && d.maxAllocBytes() > 0 && d.maxWorkGroup() > 0, d.describe());
            assertFalse(d.name().isEmpty(), d.describe());
        }
    }

    @Test
    void selectedByNameAndByAuto() {
        ClTest.assumeOpenCl();
        Backend b = Backends.select("opencl");
        assertEquals("opencl", b.name());
        ((OpenClBackend) b).close();
        Backend auto = Backends.select("auto");
        assertEquals("opencl", auto.name());
        ((OpenClBackend) auto).close();
    }

    @Test
    void deviceSelection() {
        ClTest.assumeOpenCl();
        List<ClDevice> devices = OpenCl.devices();
        ClDevice first = devices.get(0);
        assertEquals(first, DeviceSelector.parse("0").select(devices));
        assertEquals(first, DeviceSelector.parse(first.platformIndex() + ":" + first.deviceIndex()).select(devices));
        assertEquals(first, DeviceSelector.parse("name:" + first.name().substring(0, 3)).select(devices));
        assertEquals(first.type(), DeviceSelector.parse(first.type().toLowerCase()).select(devices).type());
        var missing = assertThrows(OpenClUnavailableException.class,
                () -> DeviceSelector.parse("name:no-such-device-anywhere").select(devices));
        assertTrue(missing.getMessage().contains("no-such-device-anywhere") && missing.getMessage().contains(first.name()),
                missing.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> DeviceSelector.parse("fastest").select(devices));
        assertTrue(bad.getMessage().contains("'fastest'"), bad.getMessage());
    }

    @Test
    void kernelBuildErrorsCarryTheBuildLog() {
        OpenClBackend b = ClTest.backend();
        var e = assertThrows(KernelBuildException.class,
                () -> b.context().buildSource("broken.cl", "__kernel void k(__global float* y) { y[0] = undeclared_thing; }"));
        assertTrue(e.getMessage().contains("undeclared_thing") && e.getMessage().contains("Build log"), e.getMessage());
    }

    @Test
    void tooLargeABufferIsAClearError() {
        OpenClBackend b = ClTest.backend();
        ClDevice d = b.context().device();
        var e = assertThrows(DeviceMemoryException.class, () -> {
            synchronized (b.context()) {
                b.context().pool().acquire(d.maxAllocBytes() + (64L << 20));
            }
        });
        assertTrue(e.getMessage().contains("was requested") && e.getMessage().contains(ClDevice.bytes(d.maxAllocBytes())),
                e.getMessage());
    }

    /**
     * Runs {@link Devices} in a JVM whose OpenCL ICD loader sees no driver (an empty vendor directory):
     * it must exit 1 with a message that names the fix, and {@code auto} must fall back to the CPU.
     */
    @Test
    void withoutAPlatformTheMessageNamesTheFix() throws IOException, InterruptedException {
        Path empty = Files.createTempDirectory("no-icd");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Devices.class.getName()).redirectErrorStream(true);
        pb.environment().put("OCL_ICD_VENDORS", empty.toString());
        pb.environment().put("OPENCL_VENDOR_PATH", empty.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("pocl-opencl-icd") && out.contains("install an OpenCL driver"), out);
    }
}

package dev.nabla.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device-storage hook of {@link Tensor}, with a fake device that counts transfers. */
class DeviceStorageTest {
    /** A "device" holding its own array; the host copy is made on first read. */
    static final class FakeDevice implements DeviceStorage {
        final float[] deviceData;
        float[] host;
        boolean hostValid;
        boolean deviceValid = true;
        int downloads;

        FakeDevice(float... data) {
            deviceData = data;
        }

        @Override
        public int length() {
            return deviceData.length;
        }

        @Override
        public float[] host(boolean forWriting) {
            if (!hostValid) {
                host = deviceData.clone();
                hostValid = true;
                downloads++;
            }
            if (forWriting) {
                deviceValid = false;
            }
            return host;
        }
    }

    @Test
    void readsDownloadOnceAndLeaveTheDeviceCopyValid() {
        FakeDevice dev = new FakeDevice(1, 2, 3, 4, 5, 6);
        Tensor t = Tensor.onDevice(dev, new int[] {2, 3}, new int[] {3, 1}, 0);
        assertSame(dev, t.device());
        assertEquals(0, dev.downloads, "nothing crosses until the tensor is read");
        assertEquals(6f, t.get(1, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
        assertEquals("tensor([[1.0000, 2.0000, 3.0000], [4.0000, 5.0000, 6.0000]], shape=[2, 3])", t.toString());
        assertEquals(1, dev.downloads);
        assertTrue(dev.deviceValid, "reading does not invalidate the device copy");
    }

    @Test
    void storageAndSetMarkTheDeviceCopyStale() {
        FakeDevice dev = new FakeDevice(1, 2, 3, 4);
        Tensor t = Tensor.onDevice(dev, new int[] {4}, new int[] {1}, 0);
        t.storage()[0] = 9;
        assertFalse(dev.deviceValid);
        assertEquals(9f, t.get(0));
        FakeDevice dev2 = new FakeDevice(1, 2);
        Tensor.onDevice(dev2, new int[] {2}, new int[] {1}, 0).set(7f, 1);
        assertFalse(dev2.deviceValid);
        assertEquals(7f, dev2.host[1]);
    }

    @Test
    void viewsAndDetachShareTheDeviceStorage() {
        FakeDevice dev = new FakeDevice(1, 2, 3, 4, 5, 6);
        Tensor t = Tensor.onDevice(dev, new int[] {2, 3}, new int[] {3, 1}, 0);
        assertSame(dev, t.transpose(0, 1).device());
        assertSame(dev, t.reshape(3, 2).device());
        assertSame(dev, t.slice(1, 1, 3).device());
        assertSame(dev, t.detach().device());
        assertEquals(0, dev.downloads, "views are made without touching the data");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.transpose(0, 1).toArray());
        assertNull(Tensor.zeros(2).device(), "host tensors have no device storage");
    }
}

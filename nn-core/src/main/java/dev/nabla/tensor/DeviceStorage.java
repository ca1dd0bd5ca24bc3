package dev.nabla.tensor;

/**
 * The storage of a tensor that lives on an accelerator (for example an OpenCL buffer), made by a
 * {@link dev.nabla.backend.Backend} with {@link Tensor#onDevice}. It lets results stay on the device
 * between ops: the host copy is made only when host code reads the tensor.
 *
 * <p>Contract: {@link #host(boolean)} returns the host copy of the <em>whole</em> storage (length
 * {@link #length()}; tensors index it with their offset and strides, as for a host tensor), first
 * copying the device data into it if the device holds newer data. With {@code forWriting} the caller
 * may change the array, so the implementation must treat its device copy as stale from then on and
 * upload the host copy before the device uses it again. Views of a tensor share its
 * {@code DeviceStorage}, so they see the same state.
 *
 * <p>CPU-only code never sees one: tensors made with {@link Tensor#wrap}, {@link Tensor#of}, … have
 * none ({@link Tensor#device()} is null).
 */
public interface DeviceStorage {
    /** Number of floats in the storage. */
    int length();

    /**
     * The current host copy of the storage.
     *
     * @param forWriting true when the caller may write into the array (the device copy becomes stale)
     */
    float[] host(boolean forWriting);
}

/**
 * The OpenCL backend of Nabla (JOCL): add {@code dev.nabla:nn-opencl} to the classpath and run with
 * {@code -Dnabla.backend=opencl} (or {@code auto}), or call
 * {@code Backends.use(OpenClBackend.create(DeviceSelector.parse("gpu")))}.
 *
 * <p>The backend is a small set of classes with one job each, after tinygrad's device backends:
 * {@link dev.nabla.opencl.OpenCl} finds platforms and devices, {@link dev.nabla.opencl.ClContext}
 * owns the context, the command queue, the program cache ({@code .cl} resources compiled once) and
 * the {@link dev.nabla.opencl.BufferPool}; {@link dev.nabla.opencl.OpenClBackend} implements the
 * {@link dev.nabla.backend.Backend} kernels and falls back to the CPU backend for the others.
 * Results stay on the device ({@link dev.nabla.opencl.ClStorage}) until host code reads them.
 * See {@code docs/opencl.md}.
 */
package dev.nabla.opencl;

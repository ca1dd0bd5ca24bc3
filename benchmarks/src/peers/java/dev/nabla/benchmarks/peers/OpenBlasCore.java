package dev.nabla.benchmarks.peers;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints which OpenBLAS kernel ND4J's bundled OpenBLAS selected on this CPU ({@code openblas_get_corename}, e.g.
 * {@code SkylakeX}/{@code Cooperlake} for AVX-512 or {@code Haswell} for AVX2), its build configuration and thread
 * count, plus the two environment variables that steer it (see shared/PERFORMANCE.md). The 1.5.7 presets do not
 * map those functions, so they are called through JNA on the library that javacpp loaded. Run with the peers'
 * environment. Peer code.
 */
public final class OpenBlasCore {
    private OpenBlasCore() {
    }

    /** Prints {@code library=…}, {@code corename=…}, {@code config=…}, {@code threads=…} and the OPENBLAS_* variables. */
    public static void main(String[] args) {
        Nd4j.create(1); // loads libnd4j and the OpenBLAS it links, as the benchmarks do
        String path = Loader.load(openblas_nolapack.class);
        NativeLibrary lib = NativeLibrary.getInstance(path);
        System.out.println("library=" + path);
        System.out.println("corename=" + call(lib, "openblas_get_corename"));
        System.out.println("config=" + call(lib, "openblas_get_config"));
        Function threads = lib.getFunction("openblas_get_num_threads");
        System.out.println("threads=" + threads.invokeInt(new Object[0]));
        System.out.println("OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
        System.out.println("OPENBLAS_L2_SIZE=" + System.getenv("OPENBLAS_L2_SIZE"));
    }

    private static String call(NativeLibrary lib, String name) {
        return lib.getFunction(name).invokeString(new Object[0], false);
    }
}

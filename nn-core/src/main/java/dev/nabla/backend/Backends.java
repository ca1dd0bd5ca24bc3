package dev.nabla.backend;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses the backend every op runs on. The default comes from the system property
 * {@code nabla.backend}: {@code cpu} (the default), the name of a provider on the classpath, or
 * {@code auto} (the first available non-CPU provider, else the CPU with one log line saying why).
 * Code can switch with {@link #use(Backend)}.
 */
public final class Backends {
    private static volatile Backend current;

    private Backends() {
    }

    /** The backend ops run on now. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    current = select(System.getProperty("nabla.backend", "cpu"));
                }
                b = current;
            }
        }
        return b;
    }

    /** Makes {@code backend} the one all ops use from now on (all threads). */
    public static void use(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("Backends.use: backend must not be null");
        }
        current = backend;
    }

    /** The names of the providers on the classpath, {@code cpu} first. */
    public static List<String> available() {
        List<String> names = new ArrayList<>(List.of(CpuBackend.NAME));
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            names.add(p.name());
        }
        return names;
    }

    /** Resolves a backend name as the {@code nabla.backend} property does. */
    public static Backend select(String name) {
        if (CpuBackend.NAME.equals(name)) {
            return new CpuBackend();
        }
        List<String> reasons = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (!"auto".equals(name) && !p.name().equals(name)) {
                continue;
            }
            String why = p.unavailableReason();
            if (why == null) {
                return p.create();
            }
            if (!"auto".equals(name)) {
                throw new IllegalStateException("backend '" + name + "' cannot run here: " + why);
            }
            reasons.add(p.name() + ": " + why);
        }
        if ("auto".equals(name)) {
            // the logger is looked up only here: System.getLogger loads java.util.logging, ~20 ms of start-up
            System.getLogger(Backends.class.getName()).log(Level.INFO, "nabla.backend=auto: using the CPU backend ("
                    + (reasons.isEmpty() ? "no accelerated backend on the classpath" : String.join("; ", reasons)) + ")");
            return new CpuBackend();
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; available: " + available()
                + " (add the module's jar, e.g. dev.nabla:nn-opencl, to the classpath)");
    }
}

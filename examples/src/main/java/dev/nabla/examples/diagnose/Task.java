package dev.nabla.examples.diagnose;

/** The diagnosis tasks: WDBC (real labels) and lesion detection (real anatomy, SIMULATED lesions). */
enum Task {
    WDBC, LESION
}

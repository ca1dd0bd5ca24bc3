package dev.nabla.examples.diagnose;

/** The diagnosis tasks: WDBC (real labels) and lesion detection (real anatomy, SIMULATED lesions) and the user's own class-folder images. */
enum Task {
    WDBC, LESION, IMAGES
}

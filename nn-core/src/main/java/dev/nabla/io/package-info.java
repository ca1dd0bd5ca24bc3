/**
 * Model files: {@link dev.nabla.io.SafeTensors} (the weight format other tools read) and
 * {@link dev.nabla.io.ModelFile}, the {@code .nabla} zip of architecture, weights and provenance,
 * written atomically and validated on load. Java serialization is never used.
 */
package dev.nabla.io;

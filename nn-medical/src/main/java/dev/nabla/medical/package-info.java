/**
 * Medical imaging, surgical sequence models and molecule generation — not built yet. This module
 * holds no code so far; see the nn-medical issues.
 */
package dev.nabla.medical;

// Optimizer updates, in place on the device, the same arithmetic as dev.nabla.optim.SGD and Adam.

// SGD with momentum (Keras form): v <- momentum*v - lr*g; w <- w + v  (nesterov: w <- w + momentum*v - lr*g).
__kernel void sgd(__global float* w, __global const float* g, const int gOff, __global float* v,
                  const int n, const float lr, const float momentum, const int nesterov, const float l2) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const float gi = g[gOff + i] + l2 * w[i];
    if (momentum == 0.0f) {
        w[i] -= lr * gi;
        return;
    }
    const float vi = momentum * v[i] - lr * gi;
    v[i] = vi;
    w[i] += nesterov ? momentum * vi - lr * gi : vi;
}

// Adam (Kingma & Ba, Algorithm 1) with bias correction folded into stepSize and invSqrtBc2.
__kernel void adam(__global float* w, __global const float* g, const int gOff, __global float* m, __global float* v,
                   const int n, const float stepSize, const float invSqrtBc2, const float b1, const float b2,
                   const float eps, const float l2) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const float wi = w[i];
    const float gi = g[gOff + i] + l2 * wi;
    const float mi = b1 * m[i] + (1.0f - b1) * gi;
    const float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - stepSize * mi / (sqrt(vi) * invSqrtBc2 + eps);
}

// Optimizer updates, in place on the device: the arithmetic of dev.nabla.backend.OptimizerUpdate.applyOnHost
// (what dev.nabla.optim.SGD, Adam and AdamW compute on the CPU), element by element, in the same order.
// Contraction into fused multiply-adds is off so that the roundings follow the Java code; sqrt and
// division may still differ from Java's correctly rounded ones by an ulp or two.
#pragma OPENCL FP_CONTRACT OFF

// SGD (PyTorch form): g <- g + l2*w;  mu == 0: w <- w - lr*g
//                     mu > 0:  b <- mu*b + g;  w <- w - lr*(nesterov ? g + mu*b : b)
__kernel void sgd(__global float* w, const int wOff, __global const float* g, const int gOff,
                  __global float* b, const int n, const float lr, const float mu, const int nesterov,
                  const float l2) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const float wi = w[wOff + i];
    const float gi = g[gOff + i] + l2 * wi;
    if (mu == 0.0f) {
        w[wOff + i] = wi - lr * gi;
        return;
    }
    const float bi = mu * b[i] + gi;
    b[i] = bi;
    w[wOff + i] = wi - lr * (nesterov ? gi + mu * bi : bi);
}

// Adam (Kingma & Ba, Algorithm 1) with the bias corrections folded into stepSize = lr/(1-b1^t) and
// invSqrtBc2 = 1/sqrt(1-b2^t); AdamW's decoupled decay is shrink = 1 - lr*lambda (l2 = 0), Adam's L2 is l2.
// amsgrad: v_hat <- max(v_hat, v) divides instead of v.
__kernel void adam(__global float* w, const int wOff, __global const float* g, const int gOff,
                   __global float* m, __global float* v, __global float* vHat, const int amsgrad, const int n,
                   const float stepSize, const float invSqrtBc2, const float b1, const float b2, const float c1,
                   const float c2, const float eps, const float l2, const float shrink) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const float wi = w[wOff + i] * shrink;
    const float gi = g[gOff + i] + l2 * wi;
    const float mi = b1 * m[i] + c1 * gi;
    float vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    if (amsgrad) {
        vi = fmax(vHat[i], vi);
        vHat[i] = vi;
    }
    w[wOff + i] = wi - stepSize * mi / (sqrt(vi) * invSqrtBc2 + eps);
}

// Convolution as im2col + the tiled matmul (matmul.cl), and its inverse col2im.
// x: NCHW contiguous from xOff. The column matrix of a chunk of nb samples holds, for sample n, row
// ck = (c*KH + ki)*KW + kj and column p = oy*OW + ox, at col[n*colBatch + ck*colRow + p]:
// the input value under kernel tap (ki, kj) when the window sits at output (oy, ox), 0 in the padding.

__kernel void im2col(__global const float* x, const int xOff, const int C, const int H, const int W,
                     const int KH, const int KW, const int OH, const int OW,
                     const int sh, const int sw, const int dh, const int dw, const int pt, const int pl,
                     __global float* col, const int colBatch, const int colRow, const int nb) {
    const int p = get_global_id(0);
    const int ck = get_global_id(1);
    const int n = get_global_id(2);
    if (p >= OH * OW || ck >= C * KH * KW || n >= nb) return;
    const int c = ck / (KH * KW);
    const int r = ck % (KH * KW);
    const int ki = r / KW;
    const int kj = r % KW;
    const int oy = p / OW;
    const int ox = p % OW;
    const int y = oy * sh - pt + ki * dh;
    const int xx = ox * sw - pl + kj * dw;
    float v = 0.0f;
    if (y >= 0 && y < H && xx >= 0 && xx < W) {
        v = x[xOff + ((long) (n * C + c) * H + y) * W + xx];
    }
    col[(long) n * colBatch + (long) ck * colRow + p] = v;
}

// gx(n, c, y, x) = sum of the column entries that im2col copied from (n, c, y, x): a gather, so no
// atomics are needed and the result is deterministic.
__kernel void col2im(__global const float* col, const int colBatch, const int colRow,
                     const int C, const int H, const int W, const int KH, const int KW, const int OH, const int OW,
                     const int sh, const int sw, const int dh, const int dw, const int pt, const int pl,
                     __global float* gx, const int gxOff, const int nb) {
    const int pix = get_global_id(0);
    const int c = get_global_id(1);
    const int n = get_global_id(2);
    if (pix >= H * W || c >= C || n >= nb) return;
    const int y = pix / W;
    const int xx = pix % W;
    float sum = 0.0f;
    for (int ki = 0; ki < KH; ki++) {
        const int ty = y + pt - ki * dh;
        if (ty < 0 || ty % sh != 0) continue;
        const int oy = ty / sh;
        if (oy >= OH) continue;
        for (int kj = 0; kj < KW; kj++) {
            const int tx = xx + pl - kj * dw;
            if (tx < 0 || tx % sw != 0) continue;
            const int ox = tx / sw;
            if (ox >= OW) continue;
            sum += col[(long) n * colBatch + (long) ((c * KH + ki) * KW + kj) * colRow + oy * OW + ox];
        }
    }
    gx[gxOff + ((long) (n * C + c) * H + y) * W + xx] = sum;
}

// Max pooling over KHxKW windows (padding never wins); arg gets the flat input index of the maximum
// (first one on ties, NaN wins), -1 for a window entirely in the padding.
__kernel void maxpool(__global const float* x, const int xOff, const int H, const int W,
                      const int KH, const int KW, const int OH, const int OW,
                      const int sh, const int sw, const int dh, const int dw, const int pt, const int pl,
                      __global float* y, __global int* arg, const int total) {
    const int g = get_global_id(0);
    if (g >= total) return;
    const int plane = g / (OH * OW);
    const int r = g % (OH * OW);
    const int i = r / OW;
    const int j = r % OW;
    const int base = plane * H * W;
    float best = -INFINITY;
    int bestAt = -1;
    for (int ki = 0; ki < KH; ki++) {
        const int yy = i * sh - pt + ki * dh;
        if (yy < 0 || yy >= H) continue;
        for (int kj = 0; kj < KW; kj++) {
            const int xx = j * sw - pl + kj * dw;
            if (xx < 0 || xx >= W) continue;
            const float v = x[xOff + base + yy * W + xx];
            if (bestAt < 0 || v > best || isnan(v)) {
                best = v;
                bestAt = base + yy * W + xx;
            }
        }
    }
    y[g] = best;
    arg[g] = bestAt;
}

// Routes gy to the argmax positions: one work item per (n, c) plane, which zeroes its plane of gx and
// adds its outputs' gradients in order (argmax never leaves its plane), so no atomics are needed.
__kernel void maxpool_backward(__global const float* gy, const int gyOff, __global const int* arg,
                               const int outPerPlane, __global float* gx, const int inPerPlane, const int planes) {
    const int plane = get_global_id(0);
    if (plane >= planes) return;
    for (int k = 0; k < inPerPlane; k++) {
        gx[(long) plane * inPerPlane + k] = 0.0f;
    }
    for (int k = 0; k < outPerPlane; k++) {
        const int o = plane * outPerPlane + k;
        const int a = arg[o];
        if (a >= 0) {
            gx[a] += gy[gyOff + o];
        }
    }
}

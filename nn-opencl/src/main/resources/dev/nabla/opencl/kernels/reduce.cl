// Reductions. The input has been arranged (by copy_strided) as rows x cols, row-major: one output per
// row, reducing its cols entries. One work-group per row; each work item strides over the row, then
// the work-group combines its partial results in local memory (a tree: the group size is a power of 2).

#define R_SUM 0
#define R_MAX 1
#define R_MIN 2

inline float identity(const int op) {
    return op == R_SUM ? 0.0f : (op == R_MAX ? -INFINITY : INFINITY);
}

inline float combine(const int op, const float acc, const float v) {
    if (op == R_SUM) return acc + v;
    if (isnan(acc) || isnan(v)) return NAN;
    return op == R_MAX ? fmax(acc, v) : fmin(acc, v);
}

__kernel void reduce_rows(__global const float* x, const int xOff, const int rows, const int cols,
                          __global float* y, const int op, __local float* scratch) {
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    const int size = get_local_size(0);
    float acc = identity(op);
    if (row < rows) {
        __global const float* r = x + xOff + (long) row * cols;
        for (int j = lid; j < cols; j += size) {
            acc = combine(op, acc, r[j]);
        }
    }
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = size / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] = combine(op, scratch[lid], scratch[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0 && row < rows) {
        y[row] = scratch[0];
    }
}

// Softmax (or log-softmax) along an axis of a contiguous tensor seen as outer x n x inner: one work
// item per (outer, inner) line, the maximum subtracted first.
__kernel void softmax(__global const float* x, const int xOff, const int n, const int inner,
                      __global float* y, const int lines, const int logFlag) {
    const int g = get_global_id(0);
    if (g >= lines) return;
    const int o = g / inner;
    const int in = g % inner;
    const int base = o * n * inner + in;
    float m = -INFINITY;
    for (int j = 0; j < n; j++) {
        m = fmax(m, x[xOff + base + j * inner]);
    }
    float sum = 0.0f;
    for (int j = 0; j < n; j++) {
        sum += exp(x[xOff + base + j * inner] - m);
    }
    const float logSum = log(sum);
    for (int j = 0; j < n; j++) {
        const float shifted = x[xOff + base + j * inner] - m;
        y[base + j * inner] = logFlag ? shifted - logSum : exp(shifted) / sum;
    }
}

// dst[i] (+)= sum over s of src[s*len + i]: adds up the partial products of a split-K matmul.
__kernel void sum_splits(__global const float* src, const int splits, const int len,
                         __global float* dst, const int accumulate) {
    const int i = get_global_id(0);
    if (i >= len) return;
    float acc = 0.0f;
    for (int s = 0; s < splits; s++) {
        acc += src[(long) s * len + i];
    }
    dst[i] = accumulate ? dst[i] + acc : acc;
}

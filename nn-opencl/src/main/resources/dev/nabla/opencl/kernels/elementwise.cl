// Elementwise kernels: unary functions, binary functions with NumPy broadcasting, where, strided copy.
// OpenCL C 1.2. Tensors of rank <= 8 are described by an int8 shape and int8 strides (in elements,
// 0 on broadcast axes) plus an offset; a "flat" flag says an operand is contiguous in the output's
// row-major order, so its index is just offset + i.

// Offset of the i-th element (row-major over shape) of a tensor with the given strides.
inline int strided(int i, const int8 shape, const int8 strides, const int rank) {
    int s[8] = {shape.s0, shape.s1, shape.s2, shape.s3, shape.s4, shape.s5, shape.s6, shape.s7};
    int t[8] = {strides.s0, strides.s1, strides.s2, strides.s3, strides.s4, strides.s5, strides.s6, strides.s7};
    int off = 0;
    for (int ax = rank - 1; ax >= 0; ax--) {
        int c = i % s[ax];
        i /= s[ax];
        off += c * t[ax];
    }
    return off;
}

// Codes: the order of dev.nabla.backend.UnaryOp.
#define U_NEG 0
#define U_EXP 1
#define U_LOG 2
#define U_SQRT 3
#define U_ABS 4
#define U_SIGN 5
#define U_TANH 6
#define U_SIGMOID 7
#define U_RELU 8
#define U_LEAKY_RELU 9
#define U_ELU 10
#define U_SOFTPLUS 11
#define U_POW 12

inline float unary_op(const int op, const float x, const float alpha) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return exp(x);
        case U_LOG: return log(x);
        case U_SQRT: return sqrt(x);
        case U_ABS: return fabs(x);
        case U_SIGN: return isnan(x) ? x : (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x));
        case U_TANH: return tanh(x);
        case U_SIGMOID: return x >= 0.0f ? 1.0f / (1.0f + exp(-x)) : exp(x) / (1.0f + exp(x));
        case U_RELU: return (x > 0.0f || isnan(x)) ? x : 0.0f;
        case U_LEAKY_RELU: return x > 0.0f ? x : alpha * x;
        case U_ELU: return x > 0.0f ? x : alpha * expm1(x);
        case U_SOFTPLUS: return fmax(x, 0.0f) + log1p(exp(-fabs(x)));
        case U_POW: return pow(x, alpha);
        default: return NAN;
    }
}

// Codes: the order of dev.nabla.backend.BinaryOp.
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_POW 4
#define B_MAX 5
#define B_MIN 6
#define B_EQ 7
#define B_NE 8
#define B_LT 9
#define B_LE 10
#define B_GT 11
#define B_GE 12

inline float binary_op(const int op, const float a, const float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return pow(a, b);
        case B_MAX: return (isnan(a) || isnan(b)) ? NAN : fmax(a, b);
        case B_MIN: return (isnan(a) || isnan(b)) ? NAN : fmin(a, b);
        case B_EQ: return a == b ? 1.0f : 0.0f;
        case B_NE: return a != b ? 1.0f : 0.0f;
        case B_LT: return a < b ? 1.0f : 0.0f;
        case B_LE: return a <= b ? 1.0f : 0.0f;
        case B_GT: return a > b ? 1.0f : 0.0f;
        case B_GE: return a >= b ? 1.0f : 0.0f;
        default: return NAN;
    }
}

// y[i] = op(x[i]) for the n elements of x (any strides), y contiguous.
__kernel void unary(__global const float* x, const int xOff, const int8 xStr, const int xFlat,
                    const int8 shape, const int rank, __global float* y, const int n,
                    const int op, const float alpha) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const int xi = xOff + (xFlat ? i : strided(i, shape, xStr, rank));
    y[i] = unary_op(op, x[xi], alpha);
}

// y[i] = op(a[i'], b[i'']) with a and b broadcast to y's shape (stride 0 on broadcast axes).
__kernel void binary(__global const float* a, const int aOff, const int8 aStr, const int aFlat,
                     __global const float* b, const int bOff, const int8 bStr, const int bFlat,
                     const int8 shape, const int rank, __global float* y, const int n, const int op) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const int ai = aOff + (aFlat ? i : strided(i, shape, aStr, rank));
    const int bi = bOff + (bFlat ? i : strided(i, shape, bStr, rank));
    y[i] = binary_op(op, a[ai], b[bi]);
}

// y[i] = cond[i] != 0 ? a[i] : b[i], all three broadcast to y's shape.
__kernel void where3(__global const float* c, const int cOff, const int8 cStr,
                     __global const float* a, const int aOff, const int8 aStr,
                     __global const float* b, const int bOff, const int8 bStr,
                     const int8 shape, const int rank, __global float* y, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const float cv = c[cOff + strided(i, shape, cStr, rank)];
    y[i] = cv != 0.0f ? a[aOff + strided(i, shape, aStr, rank)] : b[bOff + strided(i, shape, bStr, rank)];
}

// dst[view] = src[view]: element i (row-major over shape) of src goes to element i of dst.
__kernel void copy_strided(__global float* dst, const int dOff, const int8 dStr, const int dFlat,
                           __global const float* src, const int sOff, const int8 sStr, const int sFlat,
                           const int8 shape, const int rank, const int n) {
    const int i = get_global_id(0);
    if (i >= n) return;
    const int di = dOff + (dFlat ? i : strided(i, shape, dStr, rank));
    const int si = sOff + (sFlat ? i : strided(i, shape, sStr, rank));
    dst[di] = src[si];
}

// y[i] = value.
__kernel void fill(__global float* y, const int n, const float value) {
    const int i = get_global_id(0);
    if (i >= n) return;
    y[i] = value;
}

// Tiled matrix product C = A x B (+ bias, then an activation), batched. TS x TS work-groups; each
// work item computes one element of C, reading A and B through TS x TS tiles staged in local memory.
// A and B are read through strides, so transposed views need no copy:
//   A(b, i, p) = A[aOff + b*aBatch + i*aRow + p*aCol],  B(b, p, j) = B[bOff + b*bBatch + p*bRow + j*bCol],
//   C(b, i, j) = C[cOff + b*cBatch + i*N + j]   (contiguous rows).
// accumulate = 1 adds to C instead of overwriting it. The epilogue adds bias[j] (hasBias) and applies
// act: 0 none, 1 relu, 2 sigmoid, 3 tanh.
#ifndef TS
#define TS 16
#endif

__kernel void matmul(const int M, const int N, const int K,
                     __global const float* A, const int aOff, const int aBatch, const int aRow, const int aCol,
                     __global const float* B, const int bOff, const int bBatch, const int bRow, const int bCol,
                     __global float* C, const int cOff, const int cBatch, const int accumulate,
                     __global const float* bias, const int hasBias, const int act) {
    const int lc = get_local_id(0);
    const int lr = get_local_id(1);
    const int col = get_group_id(0) * TS + lc;
    const int row = get_group_id(1) * TS + lr;
    const int batch = get_global_id(2);
    __local float As[TS][TS];
    __local float Bs[TS][TS + 1];
    const long aBase = aOff + (long) batch * aBatch;
    const long bBase = bOff + (long) batch * bBatch;
    float acc = 0.0f;
    for (int t = 0; t < K; t += TS) {
        const int ak = t + lc;
        As[lr][lc] = (row < M && ak < K) ? A[aBase + (long) row * aRow + (long) ak * aCol] : 0.0f;
        const int bk = t + lr;
        Bs[lr][lc] = (bk < K && col < N) ? B[bBase + (long) bk * bRow + (long) col * bCol] : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TS; k++) {
            acc += As[lr][k] * Bs[k][lc];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (row < M && col < N) {
        const long ci = cOff + (long) batch * cBatch + (long) row * N + col;
        float v = accumulate ? C[ci] + acc : acc;
        if (hasBias) v += bias[col];
        if (act == 1) v = fmax(v, 0.0f);
        else if (act == 2) v = 1.0f / (1.0f + exp(-v));
        else if (act == 3) v = tanh(v);
        C[ci] = v;
    }
}

// The same product with more work per item (for larger matrices): 32x32 tiles of C per work-group of
// 32x4 items, each computing WPT = 8 elements of one column, so every value read from local memory
// feeds several multiply-adds. Same arguments and epilogue as matmul.
#define TB 32
#define WPT 8
#define RTS (TB / WPT)

__kernel __attribute__((reqd_work_group_size(TB, RTS, 1)))
void matmul_wpt(const int M, const int N, const int K,
                __global const float* A, const int aOff, const int aBatch, const int aRow, const int aCol,
                __global const float* B, const int bOff, const int bBatch, const int bRow, const int bCol,
                __global float* C, const int cOff, const int cBatch, const int accumulate,
                __global const float* bias, const int hasBias, const int act) {
    const int lc = get_local_id(0);
    const int lr = get_local_id(1);
    const int col = get_group_id(0) * TB + lc;
    const int rowBase = get_group_id(1) * TB;
    const int batch = get_global_id(2);
    __local float As[TB][TB];
    __local float Bs[TB][TB];
    const long aBase = aOff + (long) batch * aBatch;
    const long bBase = bOff + (long) batch * bBatch;
    float acc[WPT];
    for (int w = 0; w < WPT; w++) {
        acc[w] = 0.0f;
    }
    for (int t = 0; t < K; t += TB) {
        for (int w = 0; w < WPT; w++) {
            const int r = lr + w * RTS;
            const int gr = rowBase + r;
            const int ak = t + lc;
            As[r][lc] = (gr < M && ak < K) ? A[aBase + (long) gr * aRow + (long) ak * aCol] : 0.0f;
            const int bk = t + r;
            Bs[r][lc] = (bk < K && col < N) ? B[bBase + (long) bk * bRow + (long) col * bCol] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int k = 0; k < TB; k++) {
            const float b = Bs[k][lc];
            for (int w = 0; w < WPT; w++) {
                acc[w] += As[lr + w * RTS][k] * b;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int w = 0; w < WPT; w++) {
        const int row = rowBase + lr + w * RTS;
        if (row < M && col < N) {
            const long ci = cOff + (long) batch * cBatch + (long) row * N + col;
            float v = accumulate ? C[ci] + acc[w] : acc[w];
            if (hasBias) v += bias[col];
            if (act == 1) v = fmax(v, 0.0f);
            else if (act == 2) v = 1.0f / (1.0f + exp(-v));
            else if (act == 3) v = tanh(v);
            C[ci] = v;
        }
    }
}

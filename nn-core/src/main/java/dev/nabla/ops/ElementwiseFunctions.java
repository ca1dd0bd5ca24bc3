package dev.nabla.ops;

import dev.nabla.autograd.Function;
import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.tensor.Tensor;

/** Elementwise ops and their derivatives. Gradients of broadcast operands are summed back to shape. */
final class ElementwiseFunctions {
    private ElementwiseFunctions() {
    }

    static Backend backend() {
        return Backends.current();
    }

    /** {@code a ∘ b} for + − × ÷ pow max min, with broadcasting. */
    static final class Binary extends Function {
        private final BinaryOp op;

        Binary(BinaryOp op) {
            this.op = op;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor y = backend().binary(op, in[0], in[1]);
            save(in[0], in[1], y);
            return y;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor a = saved(0);
            Tensor b = saved(1);
            Tensor ga;
            Tensor gb;
            switch (op) {
                case ADD: ga = g; gb = g; break;
                case SUB: ga = g; gb = g.neg(); break;
                case MUL: ga = g.mul(b); gb = g.mul(a); break;
                case DIV: ga = g.div(b); gb = g.mul(a).div(b.mul(b)).neg(); break;
                case POW: {
                    Tensor y = saved(2);
                    ga = g.mul(b).mul(Ops.pow(a, b.sub(1f)));
                    // d(a^b)/db = a^b · ln a; defined as 0 where a = 0 (the limit for b > 0).
                    Tensor lnA = Ops.where(Ops.gt(a, Tensor.scalar(0f)), Ops.log(Ops.abs(a)), Tensor.scalar(0f));
                    gb = g.mul(y).mul(lnA);
                    break;
                }
                case MAX: case MIN: {
                    // The gradient goes to the operand that won; on ties it is split evenly.
                    Tensor y = saved(2);
                    Tensor ma = Ops.eq(a, y);
                    Tensor mb = Ops.eq(b, y);
                    Tensor share = ma.add(mb);
                    ga = g.mul(ma).div(share);
                    gb = g.mul(mb).div(share);
                    break;
                }
                default: throw new IllegalStateException(op + " has no gradient");
            }
            return new Tensor[] {Ops.sumTo(ga, a.shape()), Ops.sumTo(gb, b.shape())};
        }

        @Override
        public String name() {
            return capitalized(op.name()) + "Backward";
        }
    }

    /** {@code f(x)} for the functions of {@link UnaryOp}. */
    static final class Unary extends Function {
        private final UnaryOp op;
        private final float alpha;

        Unary(UnaryOp op, float alpha) {
            this.op = op;
            this.alpha = alpha;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor y = backend().unary(op, in[0], alpha);
            save(in[0], y);
            return y;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor y = saved(1);
            Tensor positive;
            Tensor gx;
            switch (op) {
                case NEG: gx = g.neg(); break;
                case EXP: gx = g.mul(y); break;
                case LOG: gx = g.div(x); break;
                case SQRT: gx = g.div(y.mul(2f)); break;
                case ABS: gx = g.mul(Ops.sign(x)); break;
                case SIGN: gx = Tensor.zeros(x.shape()); break;
                case TANH: gx = g.mul(y.mul(y).rsub(1f)); break;
                case SIGMOID: gx = g.mul(y.mul(y.rsub(1f))); break;
                case RELU: gx = backend().reluGrad(g, x); break;
                case LEAKY_RELU:
                    positive = Ops.gt(x, Tensor.scalar(0f));
                    gx = g.mul(positive.mul(1f - alpha).add(alpha));
                    break;
                case ELU:
                    positive = Ops.gt(x, Tensor.scalar(0f));
                    gx = g.mul(Ops.where(positive, Tensor.scalar(1f), y.add(alpha)));
                    break;
                case SOFTPLUS: gx = g.mul(Ops.sigmoid(x)); break;
                case POW: gx = g.mul(Ops.pow(x, alpha - 1f).mul(alpha)); break;
                default: throw new AssertionError(op);
            }
            return new Tensor[] {gx};
        }

        @Override
        public String name() {
            return capitalized(op.name()) + "Backward";
        }
    }

    /** {@code min(max(x, lo), hi)}; the gradient passes where {@code lo ≤ x ≤ hi}. */
    static final class Clamp extends Function {
        private final float lo;
        private final float hi;

        Clamp(float lo, float hi) {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0]);
            Tensor low = backend().binary(BinaryOp.MAX, in[0], Tensor.scalar(lo));
            return backend().binary(BinaryOp.MIN, low, Tensor.scalar(hi));
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = saved(0);
            Tensor inside = Ops.ge(x, Tensor.scalar(lo)).mul(Ops.le(x, Tensor.scalar(hi)));
            return new Tensor[] {g.mul(inside)};
        }
    }

    /** {@code cond ? a : b}; {@code cond} gets no gradient. */
    static final class Where extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            save(in[0], in[1], in[2]);
            return backend().where(in[0], in[1], in[2]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor cond = saved(0);
            Tensor zero = Tensor.scalar(0f);
            Tensor ga = backend().where(cond, g, zero);
            Tensor gb = backend().where(cond, zero, g);
            return new Tensor[] {null, Ops.sumTo(ga, saved(1).shape()), Ops.sumTo(gb, saved(2).shape())};
        }
    }

    static String capitalized(String upperSnake) {
        StringBuilder sb = new StringBuilder();
        for (String part : upperSnake.split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sb.toString();
    }
}

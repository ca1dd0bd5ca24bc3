package dev.nabla.spark;

import dev.nabla.tensor.Shape;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * How to turn a Spark SQL {@link Row} (from Parquet, CSV, JSON, binary files, …) into one example:
 * <ul>
 *   <li>features: one column of type {@code array<float|double|int|…>}, one {@code binary} column
 *       (bytes read as unsigned pixels and divided by 255, e.g. images), or several numeric columns
 *       (a CSV file's columns), reshaped to {@link #sampleShape()};</li>
 *   <li>target (training only): an integer class column, one-hot encoded into {@code classes}
 *       values; or, with {@code classes == 0}, a numeric column (a target of shape {@code [1]}) or an
 *       array column (the target vector itself);</li>
 *   <li>sample weight (optional, training only): a numeric column whose value weights the
 *       example's loss, as {@code Dataset.sampleWeights} in {@code model.fit}.</li>
 * </ul>
 * Immutable and Java-serializable: it travels to the executors inside Spark tasks.
 */
public final class RowFormat implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String[] featureColumns;
    private final int[] sampleShape;
    private final String labelColumn;
    private final int classes;
    private final String weightColumn;

    private RowFormat(String[] featureColumns, int[] sampleShape, String labelColumn, int classes,
                      String weightColumn) {
        this.featureColumns = featureColumns;
        this.sampleShape = sampleShape;
        this.labelColumn = labelColumn;
        this.classes = classes;
        this.weightColumn = weightColumn;
    }

    /**
     * Features from {@code columns} (one array/binary column, or several numeric ones), reshaped to
     * {@code sampleShape}; no target yet (enough for inference).
     */
    public static RowFormat features(int[] sampleShape, String... columns) {
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("RowFormat: name at least one feature column");
        }
        Shape.validate(sampleShape);
        return new RowFormat(columns.clone(), sampleShape.clone(), null, 0, null);
    }

    /** The same features with an integer class label in {@code column}, one-hot over {@code classes}. */
    public RowFormat classLabel(String column, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("RowFormat.classLabel: classes must be >= 2, got " + classes);
        }
        return new RowFormat(featureColumns, sampleShape, column, classes, weightColumn);
    }

    /** The same features with a numeric or array target in {@code column}, used as it is. */
    public RowFormat target(String column) {
        return new RowFormat(featureColumns, sampleShape, column, 0, weightColumn);
    }

    /**
     * The same format with a per-example weight (a finite number &ge; 0) in the numeric {@code
     * column}: each example's loss is multiplied by it, as nn-core weights a {@code Dataset}'s
     * sample weights ({@code L = Σ w_b·l_b / B}).
     */
    public RowFormat sampleWeight(String column) {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("RowFormat.sampleWeight: name the weight column");
        }
        return new RowFormat(featureColumns, sampleShape, labelColumn, classes, column);
    }

    /** Whether a sample-weight column is set. */
    public boolean hasSampleWeight() {
        return weightColumn != null;
    }

    /**
     * The sample weight of a row.
     *
     * @throws IllegalArgumentException if the column holds no number, or a negative or non-finite one
     */
    public float sampleWeight(Row row) {
        if (weightColumn == null) {
            throw new IllegalStateException("RowFormat: no sample-weight column set (sampleWeight(column))");
        }
        Object v = row.get(row.fieldIndex(weightColumn));
        if (!(v instanceof Number) || !(((Number) v).floatValue() >= 0) || Float.isInfinite(((Number) v).floatValue())) {
            throw new IllegalArgumentException("sample-weight column '" + weightColumn + "' holds " + v
                    + ", expected a finite number >= 0");
        }
        return ((Number) v).floatValue();
    }

    /** Shape of one input (no batch axis). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Whether a target column is set. */
    public boolean hasTarget() {
        return labelColumn != null;
    }

    /**
     * Checks the columns exist with usable types.
     *
     * @throws IllegalArgumentException naming the column, its type and the schema
     */
    public void check(StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String c : featureColumns) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("RowFormat: no feature column '" + c + "' in " + schema.simpleString());
            }
            DataType t = schema.apply(c).dataType();
            boolean ok = featureColumns.length == 1
                    ? t instanceof NumericType || t instanceof BinaryType
                    || t instanceof ArrayType && ((ArrayType) t).elementType() instanceof NumericType
                    : t instanceof NumericType;
            if (!ok) {
                throw new IllegalArgumentException("RowFormat: feature column '" + c + "' has type " + t.simpleString()
                        + "; expected " + (featureColumns.length == 1 ? "a numeric array, binary or a number"
                        : "a number (several feature columns)"));
            }
        }
        if (labelColumn != null) {
            if (!names.contains(labelColumn)) {
                throw new IllegalArgumentException("RowFormat: no label column '" + labelColumn + "' in "
                        + schema.simpleString());
            }
            DataType t = schema.apply(labelColumn).dataType();
            boolean ok = classes > 0 ? t instanceof NumericType : t instanceof NumericType
                    || t instanceof ArrayType && ((ArrayType) t).elementType() instanceof NumericType;
            if (!ok) {
                throw new IllegalArgumentException("RowFormat: label column '" + labelColumn + "' has type "
                        + t.simpleString() + "; expected " + (classes > 0 ? "an integer class" : "a number or numeric array"));
            }
        }
        if (weightColumn != null) {
            if (!names.contains(weightColumn)) {
                throw new IllegalArgumentException("RowFormat: no sample-weight column '" + weightColumn + "' in "
                        + schema.simpleString());
            }
            DataType t = schema.apply(weightColumn).dataType();
            if (!(t instanceof NumericType)) {
                throw new IllegalArgumentException("RowFormat: sample-weight column '" + weightColumn + "' has type "
                        + t.simpleString() + "; expected a number");
            }
        }
    }

    /** The shape of one target as {@link #target(Row)} returns it, or null when the first row must tell. */
    int[] targetShape() {
        return classes > 0 ? new int[] {classes} : null;
    }

    /**
     * The features of a row, as {@code numel(sampleShape)} floats.
     *
     * @throws IllegalArgumentException if the row holds another number of values or a null
     */
    public float[] features(Row row) {
        int n = Shape.numel(sampleShape);
        float[] out;
        if (featureColumns.length == 1) {
            Object v = row.get(row.fieldIndex(featureColumns[0]));
            out = values(v, featureColumns[0]);
        } else {
            out = new float[featureColumns.length];
            for (int i = 0; i < out.length; i++) {
                Object v = row.get(row.fieldIndex(featureColumns[i]));
                if (!(v instanceof Number)) {
                    throw new IllegalArgumentException("feature column '" + featureColumns[i] + "' holds " + v
                            + ", expected a number");
                }
                out[i] = ((Number) v).floatValue();
            }
        }
        if (out.length != n) {
            throw new IllegalArgumentException("a row has " + out.length + " feature values, the sample shape "
                    + Shape.format(sampleShape) + " needs " + n);
        }
        return out;
    }

    /** The target of a row: one-hot for a class label, else the value(s). */
    public float[] target(Row row) {
        if (labelColumn == null) {
            throw new IllegalStateException("RowFormat: no label column set (classLabel or target)");
        }
        Object v = row.get(row.fieldIndex(labelColumn));
        if (classes > 0) {
            if (!(v instanceof Number)) {
                throw new IllegalArgumentException("label column '" + labelColumn + "' holds " + v + ", expected a class");
            }
            int label = ((Number) v).intValue();
            if (label < 0 || label >= classes || label != ((Number) v).doubleValue()) {
                throw new IllegalArgumentException("label column '" + labelColumn + "' holds " + v
                        + ", expected a class in [0, " + classes + ")");
            }
            float[] y = new float[classes];
            y[label] = 1f;
            return y;
        }
        return values(v, labelColumn);
    }

    private static float[] values(Object v, String column) {
        if (v == null) {
            throw new IllegalArgumentException("column '" + column + "' holds null");
        }
        if (v instanceof byte[]) {
            byte[] b = (byte[]) v;
            float[] out = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                out[i] = (b[i] & 0xFF) / 255f;
            }
            return out;
        }
        if (v instanceof Number) {
            return new float[] {((Number) v).floatValue()};
        }
        if (v instanceof scala.collection.Seq) {
            scala.collection.Seq<?> seq = (scala.collection.Seq<?>) v;
            float[] out = new float[seq.length()];
            for (int i = 0; i < out.length; i++) {
                Object e = seq.apply(i);
                if (!(e instanceof Number)) {
                    throw new IllegalArgumentException("column '" + column + "' holds " + e + " at index " + i
                            + ", expected a number");
                }
                out[i] = ((Number) e).floatValue();
            }
            return out;
        }
        throw new IllegalArgumentException("column '" + column + "' holds a " + v.getClass().getName()
                + ", expected numbers");
    }
}

package dev.nabla.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading rows without Spark jobs: binary images, numeric columns, labels, and the errors. */
class RowFormatTest {
    private static final StructType SCHEMA = new StructType()
            .add("image", DataTypes.BinaryType)
            .add("a", DataTypes.DoubleType)
            .add("b", DataTypes.IntegerType)
            .add("label", DataTypes.LongType)
            .add("name", DataTypes.StringType);

    private static Row row(byte[] image, double a, int b, long label) {
        return new GenericRowWithSchema(new Object[] {image, a, b, label, "x"}, SCHEMA);
    }

    @Test
    void binaryColumnsAreUnsignedPixelsOver255() {
        RowFormat f = RowFormat.features(new int[] {1, 2, 2}, "image").classLabel("label", 3);
        f.check(SCHEMA);
        Row r = row(new byte[] {0, (byte) 255, (byte) 128, 51}, 0, 0, 2);
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 0.2f}, f.features(r), 1e-7f);
        assertArrayEquals(new float[] {0, 0, 1}, f.target(r));
    }

    @Test
    void severalNumericColumnsMakeOneVector() {
        RowFormat f = RowFormat.features(new int[] {2}, "a", "b").target("label");
        f.check(SCHEMA);
        Row r = row(new byte[0], 1.5, 7, 4);
        assertArrayEquals(new float[] {1.5f, 7f}, f.features(r));
        assertArrayEquals(new float[] {4f}, f.target(r));
    }

    @Test
    void errorsNameTheColumnAndTheProblem() {
        RowFormat f = RowFormat.features(new int[] {1, 2, 2}, "image").classLabel("label", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.features(row(new byte[3], 0, 0, 0)));
        assertTrue(e.getMessage().contains("3 feature values") && e.getMessage().contains("[1, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.target(row(new byte[4], 0, 0, 5)));
        assertTrue(e.getMessage().contains("class in [0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RowFormat.features(new int[] {1}, "name").classLabel("label", 2).check(SCHEMA));
        assertTrue(e.getMessage().contains("'name' has type string"), e.getMessage());
    }
}

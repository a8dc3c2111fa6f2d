package dev.jgrad.spark;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a row into an {@link Example} by column names: feature columns that are numbers (one value each) or arrays
 * of numbers (their values in order), concatenated; a numeric label column.
 */
final class ColumnEncoder implements SerializableFunction<Row, Example> {
  private static final long serialVersionUID = 1L;
  private static final List<DataType> INTEGRAL =
      List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType);

  private final String[] features;
  private final String label;
  private final int[] featureIndices;
  private final int labelIndex;

  private ColumnEncoder(String[] features, String label, int[] featureIndices, int labelIndex) {
    this.features = features;
    this.label = label;
    this.featureIndices = featureIndices;
    this.labelIndex = labelIndex;
  }

  /**
   * An encoder for rows of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column when it is missing or not numeric
   */
  static ColumnEncoder of(StructType schema, List<String> features, String label) {
    checkArgument(!features.isEmpty(), "SparkTrainer: no feature columns given (call .features(...))");
    List<String> names = Arrays.asList(schema.fieldNames());
    int[] indices = new int[features.size()];
    for (int i = 0; i < indices.length; i++) {
      String name = features.get(i);
      checkArgument(names.contains(name), "SparkTrainer: feature column '%s' is not in the dataset's columns %s",
          name, names);
      DataType type = schema.apply(name).dataType();
      boolean numeric = type instanceof NumericType
          || type instanceof ArrayType a && a.elementType() instanceof NumericType;
      checkArgument(numeric, "SparkTrainer: feature column '%s' must be numeric or an array of numbers, got %s",
          name, type.simpleString());
      indices[i] = schema.fieldIndex(name);
    }
    checkArgument(names.contains(label), "SparkTrainer: label column '%s' is not in the dataset's columns %s", label,
        names);
    StructField field = schema.apply(label);
    checkArgument(field.dataType() instanceof NumericType, "SparkTrainer: label column '%s' must be numeric, got %s",
        label, field.dataType().simpleString());
    return new ColumnEncoder(features.toArray(String[]::new), label, indices, schema.fieldIndex(label));
  }

  /** Class indices for an integral label column, regression values for a fractional one. */
  static Targets targetsOf(StructType schema, String label) {
    return INTEGRAL.contains(schema.apply(label).dataType()) ? Targets.CLASS_INDICES : Targets.VALUES;
  }

  @Override
  public Example apply(Row row) {
    List<Float> values = new ArrayList<>();
    for (int i = 0; i < featureIndices.length; i++) {
      Object v = row.get(featureIndices[i]);
      checkArgument(v != null, "SparkTrainer: feature column '%s' is null in row %s", features[i], row);
      if (v instanceof Number n) {
        values.add(n.floatValue());
      } else {
        for (Object e : row.getList(featureIndices[i])) {
          checkArgument(e != null, "SparkTrainer: feature column '%s' holds a null element in row %s", features[i],
              row);
          values.add(((Number) e).floatValue());
        }
      }
    }
    float[] x = new float[values.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = values.get(i);
    }
    Object y = row.get(labelIndex);
    checkArgument(y != null, "SparkTrainer: label column '%s' is null in row %s", label, row);
    return new Example(x, new float[] {((Number) y).floatValue()});
  }
}

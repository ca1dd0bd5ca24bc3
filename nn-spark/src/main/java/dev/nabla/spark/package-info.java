/**
 * Nabla on Apache Spark: data-parallel training and batch inference on the cluster a user already has.
 *
 * <ul>
 *   <li>{@link dev.nabla.spark.TrainingSet} — training examples spread over partitions (from an
 *       in-memory {@code Dataset}, or any Spark SQL source through a {@link dev.nabla.spark.RowFormat});</li>
 *   <li>{@link dev.nabla.spark.SyncTrainer} — synchronous data-parallel SGD: broadcast weights,
 *       per-partition gradients summed with {@code treeAggregate}, the optimizer step on the driver;
 *       equal to single-machine training to float rounding;</li>
 *   <li>{@link dev.nabla.spark.AveragingTrainer} — parameter averaging every {@code k} local steps,
 *       weights and optimizer state;</li>
 *   <li>both take nn-core's {@code Fit} (validation, callbacks such as {@code EarlyStopping} or
 *       {@code LearningRateScheduler}, run on the driver) and return a {@code History}; sample
 *       weights travel with the examples;</li>
 *   <li>{@link dev.nabla.spark.SparkPredictor} — batch inference with a broadcast model;</li>
 *   <li>{@link dev.nabla.spark.StepMetrics}, {@link dev.nabla.spark.StepListener},
 *       {@link dev.nabla.spark.TrainingReport} — per-step loss, throughput, compute and aggregation time.</li>
 * </ul>
 *
 * Only plain Java data travels ({@link dev.nabla.spark.ModelBlueprint}: configs as JSON;
 * {@link dev.nabla.spark.ModelWeights}: float arrays); executors rebuild models from configs. Spark is
 * a {@code provided} dependency. See {@code docs/distributed.md}.
 */
package dev.nabla.spark;

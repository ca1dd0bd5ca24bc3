package dev.nabla.spark;

import org.apache.spark.api.java.JavaRDD;

/** Test access to building a {@link TrainingSet} from hand-made shards. */
final class TrainingSetAccess {
    private TrainingSetAccess() {
    }

    static TrainingSet of(JavaRDD<Shard> shards) {
        return TrainingSet.fromShardsForTest(shards);
    }
}

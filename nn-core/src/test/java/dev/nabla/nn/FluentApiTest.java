package dev.nabla.nn;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Fluent setters keep the concrete type, whichever order they come in: each chain below is
 * assigned to its own class (so it only compiles if every step returns that class) and then
 * checked for what it set.
 */
class FluentApiTest {

    @Test
    void nameAndSeedKeepTheLayerType() {
        Dense dense = new Dense(3).name("hidden").seed(7L).activation(Activation.RELU).useBias(false);
        Map<String, Object> c = dense.getConfig();
        assertEquals("hidden", c.get("name"));
        assertEquals(7L, c.get("seed"));
        assertEquals("relu", c.get("activation"));
        assertEquals(false, c.get("use_bias"));
        assertEquals(3, dense.units());

        Conv2D conv = new Conv2D(4, 3).seed(1L).name("conv").strides(2).padding("same").activation(Activation.TANH);
        assertEquals("conv", conv.name());
        assertEquals(1L, conv.seed());
        assertEquals(List.of(2, 2), conv.getConfig().get("strides"));
        assertEquals("same", conv.getConfig().get("padding"));
        assertEquals("tanh", conv.getConfig().get("activation"));

        Conv2DTranspose up = new Conv2DTranspose(2, 2).name("up").strides(2).padding("same");
        assertEquals("up", up.name());
        assertEquals(List.of(2, 2), up.getConfig().get("strides"));

        BatchNormalization bn = new BatchNormalization().name("bn").momentum(0.9).epsilon(1e-5);
        assertEquals("bn", bn.name());
        assertEquals(0.9, bn.getConfig().get("momentum"));
        assertEquals(1e-5, bn.getConfig().get("epsilon"));

        LayerNormalization ln = new LayerNormalization().name("ln").epsilon(1e-6);
        assertEquals(1e-6, ln.getConfig().get("epsilon"));
        assertEquals("ln", ln.name());
    }

    @Test
    void poolingSettersKeepTheConcreteType() {
        MaxPool2D max = new MaxPool2D(2).padding("same").name("p").strides(1, 2).seed(3L);
        assertEquals("p", max.name());
        assertEquals(3L, max.seed());
        assertEquals(List.of(1, 2), max.getConfig().get("strides"));
        assertEquals("same", max.getConfig().get("padding"));

        AvgPool2D avg = new AvgPool2D(3, 2).name("avg").strides(1).padding("VALID");
        assertEquals("avg", avg.name());
        assertEquals(List.of(3, 2), avg.getConfig().get("pool_size"));
        assertEquals(List.of(1, 1), avg.getConfig().get("strides"));
        assertEquals("valid", avg.getConfig().get("padding"));
    }

    @Test
    void everyConcreteLayerReturnsItselfFromNameAndSeed() {
        ActivationLayer act = new ActivationLayer(Activation.SIGMOID).name("a").seed(1L);
        Add add = new Add().name("add").seed(1L);
        Concatenate concat = new Concatenate(-1).name("cat").seed(1L);
        Dropout dropout = new Dropout(0.25).name("drop").seed(9L);
        Embedding embedding = new Embedding(10, 4).name("emb").seed(1L);
        Flatten flatten = new Flatten().name("flat").seed(1L);
        GlobalAveragePooling2D gap = new GlobalAveragePooling2D().name("gap").seed(1L);
        LeakyReLU leaky = new LeakyReLU(0.1).name("leaky").seed(1L);
        ReLU relu = new ReLU().name("relu").seed(1L);
        Reshape reshape = new Reshape(2, -1).name("reshape").seed(1L);
        Softmax softmax = new Softmax(1).name("softmax").seed(1L);
        UpSampling2D upsample = new UpSampling2D(2).name("upsample").seed(1L);
        List<Layer> all = List.of(act, add, concat, dropout, embedding, flatten, gap, leaky, relu, reshape, softmax,
                upsample);
        List<String> names = List.of("a", "add", "cat", "drop", "emb", "flat", "gap", "leaky", "relu", "reshape",
                "softmax", "upsample");
        for (int i = 0; i < all.size(); i++) {
            assertEquals(names.get(i), all.get(i).name());
        }
        assertEquals(9L, dropout.seed());
    }

    @Test
    void sequentialSeedAndNameReturnTheModel() {
        Dense first = new Dense(2);
        Sequential model = new Sequential(first).seed(42L).name("classifier").add(new Dense(1));
        assertEquals("classifier", model.name());
        assertEquals(42L, model.seed());
        assertEquals(2, model.layers().size());
        assertSame(first, model.layers().get(0));
    }
}

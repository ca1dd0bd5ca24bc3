package dev.nabla.medical.surgery;

import dev.nabla.metrics.ConfusionMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkillClassifierTest {
    @Test
    void leaveOneUserOutSeparatesNovicesFromExperts() {
        ConfusionMatrix cm = SkillClassifier.leaveOneUserOut(new SurgerySimulator(6).generate(2), 150, 1);
        assertEquals(16, cm.total());                        // 8 users × 2 trials, each classified once
        // simulated novices and experts differ in time and path by ~2×: none may be taken for the other
        assertEquals(0, cm.count(Skill.NOVICE.ordinal(), Skill.EXPERT.ordinal()));
        assertEquals(0, cm.count(Skill.EXPERT.ordinal(), Skill.NOVICE.ordinal()));
        assertTrue(cm.accuracy() >= 0.75, cm.toString());
    }
}

package io.ragfit.judge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The criteria a judge can score: the paper's two, adjusted or completed by configuration. */
@ApplicationScoped
public class Criteria {

    private final Map<String, Criterion> byKey;
    private final List<String> defaults;

    Criteria(JudgeConfig config) {
        Map<String, Criterion> criteria = new TreeMap<>();
        criteria.put(Criterion.ACCURACY.key(), Criterion.ACCURACY);
        criteria.put(Criterion.COMPLETENESS.key(), Criterion.COMPLETENESS);
        config.criteria().forEach((key, configured) -> {
            Criterion known = criteria.get(key);
            if (known == null && (configured.name().isEmpty() || configured.definition().isEmpty())) {
                throw new IllegalStateException("ragfit.judge.criteria." + key + " needs a name and a definition");
            }
            Map<Integer, String> anchors = new HashMap<>();
            configured.anchors().forEach((point, label) -> anchors.put(Integer.parseInt(point), label));
            criteria.put(key, new Criterion(
                    configured.name().orElse(known == null ? null : known.name()),
                    configured.definition().orElse(known == null ? null : known.definition()),
                    configured.min().orElse(known == null ? 1 : known.min()),
                    configured.max().orElse(known == null ? 5 : known.max()),
                    anchors.isEmpty() && known != null ? known.anchors() : anchors,
                    configured.steps().orElse(null)));
        });
        this.byKey = Map.copyOf(criteria);
        this.defaults = List.copyOf(config.defaultCriteria());
        require(defaults);
    }

    /** The named criteria, in order; fails naming the unknown ones. */
    public List<Criterion> require(List<String> keys) {
        List<String> unknown = keys.stream().filter(key -> !byKey.containsKey(key)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownCriterionException("unknown criteria " + unknown + "; criteria: " + new TreeMap<>(byKey).keySet());
        }
        return keys.stream().map(byKey::get).toList();
    }

    public List<Criterion> defaults() {
        return require(defaults);
    }
}

package io.ragfit.results.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The betting confidence sequence: its formulas against values computed by hand from the paper's definitions
 * (Waudby-Smith &amp; Ramdas give no tables of numbers), and its guarantee on seeded simulations of paired
 * G-Eval scores, checked after every observation as an operator watching a live run would.
 */
class ConfidenceSequenceTests {

    private static final double ALPHA = 0.05;
    private static final int STREAMS = 1000;
    private static final int LENGTH = 1000;
    /** Production's G-Eval scores 1..5 and a candidate better by 0.43 on average. */
    private static final double[] PRODUCTION = { 0.05, 0.15, 0.30, 0.30, 0.20 };
    private static final double[] BETTER = { 0.02, 0.08, 0.20, 0.40, 0.30 };

    @Test
    void shouldBetAsThePaperDefinesThePredictablePlugIn() {
        double[] bets = ConfidenceSequence.bets(new double[] { 1.0, 0.0 }, ALPHA);
        // lambda_1: no observation yet, the prior variance 1/4
        assertThat(bets[0]).isCloseTo(Math.sqrt(2 * Math.log(40) / (0.25 * 1 * Math.log(2))), within(1e-12));
        // after x1 = 1: mean (1/2 + 1) / 2 = 0.75, variance (1/4 + 0.25^2) / 2 = 0.15625
        assertThat(bets[1]).isCloseTo(Math.sqrt(2 * Math.log(40) / (0.15625 * 2 * Math.log(3))), within(1e-12));
    }

    @Test
    void shouldTruncateEachBetSoTheCapitalNeverFallsBelowHalf() {
        ConfidenceSequence sequence = new ConfidenceSequence(new double[] { 1.0, 0.0 }, ALPHA);
        // at m = 1/2 both bets are capped at 0.5 / 0.5 = 1: 1 + (1 - 1/2) = 1.5, then 1.5 * (1 + (0 - 1/2))
        assertThat(sequence.logCapitalAbove(1, 0.5)).isCloseTo(Math.log(1.5), within(1e-12));
        assertThat(sequence.logCapitalAbove(2, 0.5)).isCloseTo(Math.log(1.5 * 0.5), within(1e-12));
        assertThat(sequence.logCapitalBelow(2, 0.5)).isCloseTo(Math.log(0.5 * 1.5), within(1e-12));
    }

    @Test
    void shouldHoldEveryValueBeforeAnyObservationAndNarrowAsTheyCome() {
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[2000];
        Arrays.setAll(values, i -> random.nextDouble() < 0.7 ? 1.0 : 0.0);
        ConfidenceSequence sequence = new ConfidenceSequence(values, ALPHA);

        assertThat(sequence.interval(0)).isEqualTo(new ConfidenceSequence.Interval(0, Double.NaN, 0, 1));
        ConfidenceSequence.Interval early = sequence.interval(100);
        ConfidenceSequence.Interval late = sequence.interval(2000);
        assertThat(late.upper() - late.lower()).isLessThan((early.upper() - early.lower()) / 2);
        assertThat(late.lower()).isLessThan(0.7);
        assertThat(late.upper()).isGreaterThan(0.7);
        assertThat(late.lower()).isLessThanOrEqualTo(late.estimate());
        assertThat(late.upper()).isGreaterThanOrEqualTo(late.estimate());
        // the interval and the decisions agree: above 1/2 as soon as, and only when, the + gambler is rich enough
        int[] sides = sequence.sides(0.5);
        for (int n : new int[] { 5, 20, 100, 2000 }) {
            assertThat(sequence.interval(n).side(0.5)).as("after %d", n).isEqualTo(sides[n - 1]);
        }
    }

    @Test
    void shouldRefuseValuesOutsideTheUnitInterval() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ConfidenceSequence(new double[] { 1.2 }, ALPHA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
    }

    /**
     * Under the null (both variants drawn from the same scores), checked after every one of 1,000 pairs, over
     * 1,000 seeded streams: any decision at any time is wrong. The rate must stay at or below alpha within three
     * standard errors of the simulation (sqrt(0.05 * 0.95 / 1000) = 0.0069).
     */
    @Test
    void shouldKeepTheRateOfAnyWrongDecisionBelowAlphaHoweverOftenItIsChecked() {
        SplittableRandom random = new SplittableRandom(2023);
        int wrong = 0;
        for (int stream = 0; stream < STREAMS; stream++) {
            int[] sides = new ConfidenceSequence(differences(random, PRODUCTION, PRODUCTION), ALPHA).sides(0.5);
            if (Arrays.stream(sides).anyMatch(side -> side != 0)) {
                wrong++;
            }
        }
        double rate = (double) wrong / STREAMS;
        System.out.printf("Null, %d streams of %d pairs, checked after each: wrong decisions in %.3f of streams%n",
                STREAMS, LENGTH, rate);
        assertThat(rate).isLessThanOrEqualTo(ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / STREAMS));
        // the betting sequence is conservative: a tighter check that a gambler betting at 1/alpha (not 2/alpha)
        // per side would fail on this seed
        assertThat(rate).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void shouldPutEachBoundWhereItsGamblersCapitalCrosses2OverAlpha() {
        SplittableRandom random = new SplittableRandom(3);
        double[] values = new double[300];
        Arrays.setAll(values, i -> random.nextDouble() * 0.6);
        ConfidenceSequence sequence = new ConfidenceSequence(values, ALPHA);
        ConfidenceSequence.Interval interval = sequence.interval();
        double threshold = Math.log(2 / ALPHA);

        assertThat(sequence.logCapitalAbove(300, interval.lower())).isGreaterThanOrEqualTo(threshold);
        assertThat(sequence.logCapitalAbove(300, interval.lower() + 1e-6)).isLessThan(threshold);
        assertThat(sequence.logCapitalBelow(300, interval.upper())).isGreaterThanOrEqualTo(threshold);
        assertThat(sequence.logCapitalBelow(300, interval.upper() - 1e-6)).isLessThan(threshold);
        // a mean of 0.3 well below 1/2: the sequence lies below it, and the decisions say so
        assertThat(interval.side(0.5)).isEqualTo(-1);
        assertThat(sequence.sides(0.5)[299]).isEqualTo(-1);
    }

    @Test
    void shouldCoverTheTrueMeanAtEveryTimeInAtLeastOneMinusAlphaOfStreams() {
        SplittableRandom random = new SplittableRandom(11);
        double mean = (mean(BETTER) - mean(PRODUCTION) + 4) / 8;
        int missed = 0;
        for (int stream = 0; stream < 200; stream++) {
            ConfidenceSequence sequence = new ConfidenceSequence(differences(random, PRODUCTION, BETTER), ALPHA);
            for (int n = 10; n <= LENGTH; n += 10) {
                if (sequence.interval(n).side(mean) != 0) {
                    missed++;
                    break;
                }
            }
        }
        assertThat((double) missed / 200).isLessThanOrEqualTo(ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / 200));
    }

    /** A candidate better by 0.43 on a 1-5 criterion is called better in every stream; the median pairs it takes. */
    @Test
    void shouldReachTheRightDecisionUnderADifferenceAndReportTheSampleSizeItTakes() {
        SplittableRandom random = new SplittableRandom(42);
        int[] needed = new int[STREAMS];
        int wrongWay = 0;
        for (int stream = 0; stream < STREAMS; stream++) {
            int[] sides = new ConfidenceSequence(differences(random, PRODUCTION, BETTER), ALPHA).sides(0.5);
            needed[stream] = firstDecision(sides, 1);
            if (firstDecision(sides, -1) <= LENGTH) {
                wrongWay++;
            }
        }
        Arrays.sort(needed);
        System.out.printf("Better by %.2f: decided in all %d streams by %d pairs; median %d, 90th percentile %d%n",
                mean(BETTER) - mean(PRODUCTION), STREAMS, needed[STREAMS - 1], needed[STREAMS / 2],
                needed[STREAMS * 9 / 10]);
        assertThat(needed[STREAMS - 1]).isLessThanOrEqualTo(LENGTH);
        assertThat(needed[STREAMS / 2]).isBetween(20, 300);
        assertThat(wrongWay).isZero();
    }

    @Test
    void shouldCallAWorseCandidateWorse() {
        SplittableRandom random = new SplittableRandom(5);
        int[] sides = new ConfidenceSequence(differences(random, BETTER, PRODUCTION), ALPHA).sides(0.5);
        assertThat(sides[LENGTH - 1]).isEqualTo(-1);
    }

    private static int firstDecision(int[] sides, int side) {
        for (int i = 0; i < sides.length; i++) {
            if (sides[i] == side) {
                return i + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Paired differences candidate - production of scores 1..5, rescaled from [-4, 4] to [0, 1]. */
    private static double[] differences(SplittableRandom random, double[] production, double[] candidate) {
        double[] values = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            values[i] = (draw(random, candidate) - draw(random, production) + 4) / 8.0;
        }
        return values;
    }

    private static int draw(SplittableRandom random, double[] probabilities) {
        double u = random.nextDouble();
        for (int score = 0; score < probabilities.length - 1; score++) {
            u -= probabilities[score];
            if (u < 0) {
                return score + 1;
            }
        }
        return probabilities.length;
    }

    private static double mean(double[] probabilities) {
        double mean = 0;
        for (int score = 0; score < probabilities.length; score++) {
            mean += (score + 1) * probabilities[score];
        }
        return mean;
    }
}

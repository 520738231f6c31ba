package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static final List<Charts.Series> TWO = List.of(new Charts.Series("a", "c0"), new Charts.Series("b", "c1"));

    private static double d(String s) {
        return Double.parseDouble(s);
    }

    @Test
    void axesEndAtOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Charts.niceMax(0)).isEqualTo(1);
        assertThat(Charts.niceMax(-3)).isEqualTo(1);
        assertThat(Charts.niceMax(Double.NaN)).isEqualTo(1);
        assertThat(Charts.niceMax(1)).isEqualTo(1);
        assertThat(Charts.niceMax(1.01)).isEqualTo(2);
        assertThat(Charts.niceMax(4)).isEqualTo(5);
        assertThat(Charts.niceMax(7)).isEqualTo(10);
        assertThat(Charts.niceMax(387)).isEqualTo(500);
        assertThat(Charts.niceMax(0.03)).isCloseTo(0.05, within(1e-12));
        assertThat(Charts.ticks(5)).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(Charts.ticks(200)).containsExactly(0.0, 50.0, 100.0, 150.0, 200.0);
        assertThat(Charts.ticks(10)).hasSize(6).last().isEqualTo(10.0);
    }

    @Test
    void stackedColumnsAreAsTallAsTheirTotalsAndStandOnTheAxis() {
        Charts.Chart c = Charts.columns("x", "t", "d", List.of("00", "01", "02"), TWO,
                new double[][] {{3, 2}, {0, 0}, {10, 0}}, null);

        // axis to 10: a total of 10 fills the plot, 5 fills half of it; empty segments are not drawn
        assertThat(c.rects()).hasSize(3);
        Charts.Rect a0 = c.rects().get(0);
        Charts.Rect b0 = c.rects().get(1);
        Charts.Rect a2 = c.rects().get(2);
        double floor = Charts.TOP + Charts.PLOT_HEIGHT;
        assertThat(d(a0.y()) + d(a0.height())).isCloseTo(floor, within(0.1));
        assertThat(d(b0.y()) + d(b0.height())).isCloseTo(d(a0.y()), within(0.1));
        assertThat(d(a0.height()) + d(b0.height())).isCloseTo(Charts.PLOT_HEIGHT / 2.0, within(0.2));
        assertThat(d(a2.height())).isCloseTo(Charts.PLOT_HEIGHT, within(0.1));
        assertThat(d(a2.y())).isCloseTo(Charts.TOP, within(0.1));
        assertThat(d(a2.x())).isGreaterThan(d(a0.x()));
        assertThat(d(a2.x()) + d(a2.width())).isLessThanOrEqualTo(Charts.WIDTH);
        assertThat(a0.css()).isEqualTo("c0");
        assertThat(b0.css()).isEqualTo("c1");
        assertThat(a0.title()).isEqualTo("00: a 3");
        assertThat(c.labels()).extracting(Charts.Label::text).contains("00", "01", "02", "0", "10");
    }

    @Test
    void rowsStackLeftToRightWithinThePlot() {
        Charts.Chart c = Charts.rows("x", "t", "d", List.of("first", "second"), TWO,
                new double[][] {{1, 3}, {2, -5}}, null, List.of("4", "2"));

        assertThat(c.rects()).hasSize(3); // the negative value is drawn as nothing
        Charts.Rect a = c.rects().get(0);
        Charts.Rect b = c.rects().get(1);
        Charts.Rect second = c.rects().get(2);
        double plot = Charts.WIDTH - Charts.LABEL_WIDTH - Charts.RIGHT;
        assertThat(d(a.x())).isEqualTo(Charts.LABEL_WIDTH);
        assertThat(d(b.x())).isCloseTo(d(a.x()) + d(a.width()), within(0.1));
        assertThat(d(a.width()) + d(b.width())).isCloseTo(plot * 4 / 5, within(0.2)); // axis to 5
        assertThat(d(second.width())).isCloseTo(plot * 2 / 5, within(0.1));
        assertThat(d(second.y())).isGreaterThan(d(a.y()));
        assertThat(c.height()).isEqualTo(Charts.TOP + 2 * (Charts.ROW + Charts.GAP) + Charts.BOTTOM);
        assertThat(c.labels()).extracting(Charts.Label::text).contains("first", "second", "4", "2");
    }

    @Test
    void aTinyValueStillShows() {
        Charts.Chart c = Charts.rows("x", "t", "d", List.of("r"), TWO, new double[][] {{1000, 0.001}}, null, List.of(""));

        assertThat(c.rects()).hasSize(2);
        assertThat(d(c.rects().get(1).width())).isEqualTo(Charts.MIN_SIZE);
    }

    @Test
    void chartLabelsFromTheLogAreMadeVisibleAndCut() {
        String hostile = "ev\u001b[31mil\u202e" + "x".repeat(100);
        Charts.Chart c = Charts.rows("x", "t", "d", List.of(hostile), TWO, new double[][] {{1, 0}}, null, List.of("1"));

        assertThat(c.labels()).extracting(Charts.Label::text).noneMatch(t -> t.contains("\u001b") || t.contains("\u202e"))
                .anyMatch(t -> t.startsWith("ev\\x1b[31mil\\u202e") && t.length() == Charts.MAX_LABEL);
        assertThat(c.rects().get(0).title()).doesNotContain("\u001b").contains("\\x1b");
    }

    @Test
    void timelineDotsFollowTimeAndGrowWithTheirCount() {
        List<Charts.Point> points = List.of(new Charts.Point(0, 100, 1, "a"), new Charts.Point(0, 200, 4, "b"),
                new Charts.Point(1, 150, 4, "c"));
        Charts.Chart c = Charts.timeline("x", "t", "d", List.of("lane 0", "lane 1"), List.of("c0", "c1"), points,
                List.of(new Charts.Tick(100, "start"), new Charts.Tick(200, "end")), List.of());

        Charts.Dot first = c.dots().get(0);
        Charts.Dot last = c.dots().get(1);
        Charts.Dot middle = c.dots().get(2);
        assertThat(d(first.cx())).isGreaterThan(Charts.LABEL_WIDTH).isLessThan(d(middle.cx()));
        assertThat(d(middle.cx())).isCloseTo((d(first.cx()) + d(last.cx())) / 2, within(0.1));
        assertThat(d(last.cx())).isLessThan(Charts.WIDTH);
        assertThat(d(middle.cy())).isGreaterThan(d(first.cy()));
        assertThat(d(last.r())).isGreaterThan(d(first.r())).isEqualTo(Charts.ROW / 2.0);
        assertThat(first.css()).isEqualTo("c0");
        assertThat(middle.css()).isEqualTo("c1");
        assertThat(c.labels()).extracting(Charts.Label::text).contains("lane 0", "lane 1", "start", "end");
    }

    @Test
    void aTimelineOfOneInstantPutsItInTheMiddle() {
        Charts.Chart c = Charts.timeline("x", "t", "d", List.of("only"), List.of("c0"),
                List.of(new Charts.Point(0, 42, 1, "a")), List.of(new Charts.Tick(42, "then")), List.of());

        double plot = Charts.WIDTH - Charts.LABEL_WIDTH - 24;
        assertThat(d(c.dots().get(0).cx())).isCloseTo(Charts.LABEL_WIDTH + 8 + (plot - 16) / 2, within(0.1));
    }
}

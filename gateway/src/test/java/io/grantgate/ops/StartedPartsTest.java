package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedPartsTest {

    private final List<String> closed = new ArrayList<>();
    private final StartedParts parts = new StartedParts();

    @Test
    void closesThePartsNewestFirst() {
        parts.add("a", () -> closed.add("a"));
        parts.add("b", () -> closed.add("b"));
        parts.add("c", () -> closed.add("c"));

        parts.close();

        assertThat(closed).containsExactly("c", "b", "a");
    }

    @Test
    void addGivesThePartBack() {
        AutoCloseable part = () -> closed.add("part");

        assertThat(parts.add("part", part)).isSameAs(part);
    }

    @Test
    void aPartThatFailsToCloseDoesNotStopTheOthers() {
        parts.add("a", () -> closed.add("a"));
        parts.add("b", () -> {
            throw new IllegalStateException("b is stuck");
        });
        parts.add("c", () -> closed.add("c"));

        parts.close();

        assertThat(closed).containsExactly("c", "a");
    }

    @Test
    void aFailedStartKeepsItsExceptionWithEachCloseFailureSuppressedNewestFirst() {
        IOException stuckB = new IOException("b is stuck");
        IllegalStateException stuckC = new IllegalStateException("c is stuck");
        parts.add("a", () -> closed.add("a"));
        parts.add("b", () -> {
            throw stuckB;
        });
        parts.add("c", () -> {
            throw stuckC;
        });
        IOException portTaken = new IOException("port taken");

        parts.closeAfter(portTaken);

        assertThat(closed).containsExactly("a");
        assertThat(portTaken).hasMessage("port taken");
        assertThat(portTaken.getSuppressed()).containsExactly(stuckC, stuckB);
    }

    @Test
    void aFailedStartWithEveryPartClosedAddsNothing() {
        parts.add("a", () -> closed.add("a"));
        IOException portTaken = new IOException("port taken");

        parts.closeAfter(portTaken);

        assertThat(closed).containsExactly("a");
        assertThat(portTaken.getSuppressed()).isEmpty();
    }

    @Test
    void anInterruptedCloseStillClosesTheRestAndKeepsTheInterrupt() {
        parts.add("a", () -> closed.add("a"));
        parts.add("b", () -> {
            throw new InterruptedException("b was waiting");
        });

        try {
            parts.close();

            assertThat(closed).containsExactly("a");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closingTwiceClosesEachPartOnce() {
        parts.add("a", () -> closed.add("a"));

        parts.close();
        parts.close();

        assertThat(closed).containsExactly("a");
    }
}

package io.daybit.datagen.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleProgressTest {
    @Test
    void barShowsLinesRateShareAndTimeLeft() {
        String bar = ConsoleProgress.render(12_345_678, 0.25, 10.0);
        assertEquals("[######------------------]  25%  12,345,678 lines  1.23M lines/s  ETA 0:30   ", bar);
    }

    @Test
    void finishedBarShowsTheTimeTakenAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        progress.progress(10, 0.5);
        progress.progress(20, 0.9); // within a quarter second: not redrawn
        progress.progress(30, 1.0);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.contains("100%  30 lines") && text.endsWith(System.lineSeparator()), text);
    }

    @Test
    void noBarWithoutATerminal() {
        // tests run without a console, as do redirected runs
        assertEquals(io.daybit.datagen.gen.ProgressListener.NONE, ConsoleProgress.forConsole(false));
    }
}

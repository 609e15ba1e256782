package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void plainTextIsLeftAsItIs() {
        String s = "client-42 user=alice";
        assertThat(LogText.safe(s)).isSameAs(s);
        assertThat(LogText.safe(null)).isEqualTo("null");
        assertThat(LogText.safe("Grüße, 世界")).isEqualTo("Grüße, 世界");
    }

    @Test
    void lineBreaksAndTerminalEscapesCannotForgeOrColourLines() {
        String forged = "evil\r\n12:00:00.000 [INFO] BrokerConnection - connection from admin\u001b[31m\u2028x\\";
        String safe = LogText.safe(forged);
        assertThat(safe).doesNotContain("\r", "\n", "\u001b", "\u2028");
        assertThat(safe)
                .isEqualTo("evil\\r\\n12:00:00.000 [INFO] BrokerConnection - connection from admin\\u001b[31m"
                        + "\\u2028x\\u005c");
    }

    @Test
    void longTextIsCut() {
        String safe = LogText.safe("x".repeat(10_000));
        assertThat(safe).startsWith("x".repeat(LogText.MAX)).endsWith("...(9744 more characters)");
        assertThat(safe.length()).isLessThan(LogText.MAX + 40);
    }
}

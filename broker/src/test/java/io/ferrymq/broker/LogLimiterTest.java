package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLimiterTest {
    @Test
    void atMostTheRateGoesOutAndTheRestIsCounted() {
        LogLimiter limiter = new LogLimiter(5);
        long t = 10_000_000_000L;
        int out = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.admit(t + i * 1_000L)) {
                out++;
            }
        }
        assertThat(out).isEqualTo(5);
        assertThat(limiter.suppressed()).isEqualTo(995);
        // A second later the next lines go out again.
        assertThat(limiter.admit(t + 1_000_000_000L + 1_000_000L)).isTrue();
    }
}

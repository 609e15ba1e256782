package io.ferrymq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JMS selector syntax and SQL's three-valued logic. */
class SelectorTest {
    private static final Map<String, Object> VALUES = new HashMap<>();

    static {
        VALUES.put("color", "red");
        VALUES.put("weight", 12L);
        VALUES.put("price", 9.5d);
        VALUES.put("urgent", true);
        VALUES.put("code", "A_1%");
        VALUES.put("JMSPriority", 7L);
    }

    private static boolean matches(String selector) throws Selector.InvalidSelectorException {
        return Selector.parse(selector).matches(VALUES::get);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "color = 'red'                                  | true",
                "color <> 'red'                                 | false",
                "weight > 10 AND weight <= 12                   | true",
                "weight * 2 + 1 = 25                            | true",
                "price < 10.0                                   | true",
                "weight / 5 = 2                                 | true",
                "-weight < 0                                    | true",
                "weight BETWEEN 10 AND 20                       | true",
                "weight NOT BETWEEN 10 AND 20                   | false",
                "color IN ('blue', 'red')                       | true",
                "color NOT IN ('blue', 'red')                   | false",
                "color LIKE 'r_d'                               | true",
                "color LIKE 'b%'                                | false",
                "code LIKE 'A!_1!%' ESCAPE '!'                  | true",
                "code LIKE 'A!_2%' ESCAPE '!'                   | false",
                "urgent = TRUE                                  | true",
                "urgent                                         | true",
                "NOT urgent                                     | false",
                "missing IS NULL                                | true",
                "color IS NOT NULL                              | true",
                "missing = 'x'                                  | false",
                "NOT (missing = 'x')                            | false",
                "missing = 'x' OR color = 'red'                 | true",
                "missing = 'x' AND color = 'red'                | false",
                "(weight > 100 OR JMSPriority > 5) AND urgent   | true",
                "color = 'red' or weight = 0                    | true",
                "weight = 12.0                                  | true",
                "0x0C = weight                                  | true",
                "color > 'a'                                    | false"
            })
    void evaluates(String selector, boolean expected) throws Exception {
        assertThat(matches(selector)).as(selector).isEqualTo(expected);
    }

    @Test
    void quotesInsideStrings() throws Exception {
        assertThat(Selector.parse("name = 'O''Brien'").matches(id -> "O'Brien")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "color = 'red                 | unterminated string",
                "color =                      | expected a value",
                "weight BETWEEN 1             | expected AND",
                "color IN (1, 2)              | IN takes string literals",
                "color LIKE 5                 | LIKE takes a string pattern",
                "color = 'red' extra          | unexpected 'extra'",
                "a # b                        | unexpected character",
                "AND = 1                      | is a keyword"
            })
    void invalidSelectorsSayWhy(String selector, String message) {
        assertThatThrownBy(() -> Selector.parse(selector))
                .isInstanceOf(Selector.InvalidSelectorException.class)
                .hasMessageContaining(message);
    }
}

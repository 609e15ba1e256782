package io.ferrymq.broker.config;

import java.util.List;

/**
 * Who may use the addresses a pattern matches. When a rule matches an address, only the users
 * it lists for an action may do it ("*" for any authenticated user, "anonymous" for anonymous
 * connections); addresses no rule matches are open to all.
 *
 * @param match an address or pattern
 * @param send users who may send to it
 * @param receive users who may receive (and browse) from it
 */
public record PermissionConfig(String match, List<String> send, List<String> receive) {
    public boolean allows(List<String> users, String user) {
        if (users == null) {
            return false;
        }
        for (String u : users) {
            if (u.equals(user) || (u.equals("*") && !"anonymous".equals(user))) {
                return true;
            }
        }
        return false;
    }
}

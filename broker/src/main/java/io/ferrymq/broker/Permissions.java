package io.ferrymq.broker;

import io.ferrymq.broker.config.AddressConfig;
import io.ferrymq.broker.config.PermissionConfig;
import java.util.List;

/** Whether a user may send to or receive from an address ({@link PermissionConfig}). */
final class Permissions {
    private final List<PermissionConfig> rules;

    Permissions(List<PermissionConfig> rules) {
        this.rules = rules;
    }

    boolean maySend(String user, String address) {
        PermissionConfig rule = ruleFor(address);
        return rule == null || rule.allows(rule.send(), user);
    }

    boolean mayReceive(String user, String address) {
        PermissionConfig rule = ruleFor(address);
        return rule == null || rule.allows(rule.receive(), user);
    }

    /** True when some rule protects some address: without rules every address is open to every client. */
    boolean any() {
        return !rules.isEmpty();
    }

    /** True when a rule names {@code address} exactly (no pattern) and lets {@code user} receive from it. */
    boolean namedReceiver(String user, String address) {
        for (PermissionConfig r : rules) {
            if (r.match().equals(address)) {
                return r.allows(r.receive(), user);
            }
        }
        return false;
    }

    private PermissionConfig ruleFor(String address) {
        PermissionConfig best = null;
        for (PermissionConfig r : rules) {
            if (AddressConfig.matches(r.match(), address)) {
                if (!r.match().contains("#") && !r.match().contains("*")) {
                    return r;
                }
                if (best == null) {
                    best = r;
                }
            }
        }
        return best;
    }
}

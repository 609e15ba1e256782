package io.ferrymq.codec.spec;

import io.ferrymq.codec.DescribedTypes;

/**
 * The specification's described types for {@link java.util.ServiceLoader}, which gives them to
 * {@code io.ferrymq.codec.CompositeType}: code gets them, and its decoders, from
 * {@link SpecTypes}.
 */
public final class SpecTypesProvider implements DescribedTypes.Provider {
    /** Made by {@link java.util.ServiceLoader}. */
    public SpecTypesProvider() {}

    @Override
    public DescribedTypes describedTypes() {
        return SpecTypes.types();
    }
}

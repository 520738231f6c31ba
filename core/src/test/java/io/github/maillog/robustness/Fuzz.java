package io.github.maillog.robustness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The scale of the robustness tests. The default run samples; the {@code exhaustive} Maven profile
 * ({@code mvn verify -Pexhaustive}) raises the generated inputs per property (system property
 * {@code maillog.fuzz.tries}: 2,000 by default, 250,000 in the profile) and makes the deterministic
 * sweeps cover the whole corpus ({@code maillog.exhaustive=true}).
 *
 * <pre>{@code
 * @Property
 * @AddLifecycleHook(Fuzz.Tries.class)
 * @Fuzz.Share(5)   // a fifth of the tries: each one reads a whole file twice
 * void everyLineIsAccounted(@ForAll("files") byte[] file) { ... }
 * }</pre>
 */
public final class Fuzz {

    private Fuzz() {
    }

    /** Whether the exhaustive profile is on. */
    public static boolean exhaustive() {
        return Boolean.getBoolean("maillog.exhaustive");
    }

    /** Generated inputs per property. */
    public static int tries() {
        return Integer.getInteger("maillog.fuzz.tries", 2_000);
    }

    /** Every {@code step}-th item in the default run, every item in the exhaustive one. */
    public static int stride(int step) {
        return exhaustive() ? 1 : step;
    }

    /** A property that runs a fraction of {@link #tries()}: one {@code divisor}-th. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Share {
        int value();
    }

    /** Sets the tries of a jqwik property from {@link #tries()} (and its {@link Share}). */
    public static final class Tries implements AroundPropertyHook {
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (context.findAnnotation(net.jqwik.api.Example.class).isPresent()) {
                return property.execute(); // an example runs once
            }
            int divisor = context.findAnnotation(Share.class).map(Share::value).orElse(1);
            context.attributes().setTries(Math.max(100, tries() / divisor));
            return property.execute();
        }
    }
}

package dev.netlab.common.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * {@link LeakCheckExtension} for jqwik properties, which JUnit Jupiter's extensions do not reach:
 * fails a property after whose tries Netty reports a leaked buffer. Registered for every property
 * through {@code META-INF/services}.
 */
public final class LeakCheckHook implements AroundPropertyHook {
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    PropertyExecutionResult result = property.execute();
    try {
      Leaks.assertNone(context.extendedLabel());
    } catch (AssertionError leak) {
      if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL) {
        result.throwable().ifPresent(failure -> failure.addSuppressed(leak));
        return result;
      }
      return result.mapToFailed(leak);
    }
    return result;
  }
}

package dev.netlab.common.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs root: kernel packet capture, nftables rules or network namespaces. It runs when
 * the process is root and the tools are installed; elsewhere it is skipped with the reason; under
 * {@code CI=true} it must run, so a missing privilege or tool fails it instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PrivilegedCondition.class)
public @interface Privileged {
  /** Commands the test runs, such as {@code tcpdump} or {@code nft}. */
  String[] tools() default {};
}

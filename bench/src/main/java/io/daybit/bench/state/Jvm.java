package io.daybit.bench.state;

/**
 * The JVM flags every forked benchmark JVM needs: Agrona's queue and Chronicle Map reach into JDK
 * internals (shared/DEPENDENCIES.md). For {@code @Fork(jvmArgsAppend = ...)}.
 */
public final class Jvm {
    public static final String OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String EXPORTS_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORTS_JAVAC = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";

    private Jvm() {
    }
}

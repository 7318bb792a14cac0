package chat.loadtest; public final class LoadTest { public static void main(String[] a) {} }

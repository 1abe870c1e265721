/* Static-build JNI_OnLoad_<lib> names expected by native image; forward to the JDK's shared libs. */
static jint forward_onload(void *anchor, JavaVM *vm, void *r) {
  Dl_info i; if (!anchor || !dladdr(anchor, &i)) return JNI_VERSION_1_8;
  void *h = dlopen(i.dli_fname, RTLD_LAZY | RTLD_NOLOAD); if (!h) return JNI_VERSION_1_8;
  jint (*f)(JavaVM *, void *) = (jint (*)(JavaVM *, void *))dlsym(h, "JNI_OnLoad");
  Dl_info j; jint res = JNI_VERSION_1_8;
  if (f && dladdr((void *)f, &j) && j.dli_fbase == i.dli_fbase) res = f(vm, r); /* only that lib's own JNI_OnLoad */
  dlclose(h);
  /* statically-linked (builtin) libraries must report at least JNI 1.8 */
  return (res > 0 && res < JNI_VERSION_1_8) ? JNI_VERSION_1_8 : res;
}
extern void Java_java_io_FileDescriptor_initIDs(void);
extern void Java_sun_nio_ch_IOUtil_initIDs(void);
extern void Java_java_net_InetAddress_init(void);
extern void Java_java_util_zip_CRC32_update(void);
jint JNI_OnLoad_java(JavaVM *vm, void *r) { return forward_onload((void *)Java_java_io_FileDescriptor_initIDs, vm, r); }
jint JNI_OnLoad_nio(JavaVM *vm, void *r) { return forward_onload((void *)Java_sun_nio_ch_IOUtil_initIDs, vm, r); }
jint JNI_OnLoad_net(JavaVM *vm, void *r) { return forward_onload((void *)Java_java_net_InetAddress_init, vm, r); }
jint JNI_OnLoad_zip(JavaVM *vm, void *r) { return forward_onload((void *)Java_java_util_zip_CRC32_update, vm, r); }
extern void Java_jdk_net_LinuxSocketOptions_keepAliveOptionsSupported0(void);
jint JNI_OnLoad_extnet(JavaVM *vm, void *r) { return forward_onload((void *)Java_jdk_net_LinuxSocketOptions_keepAliveOptionsSupported0, vm, r); }

package io.usersroles.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Compiled roles by org and version of its custom roles. Every check still reads the stored roles
 * (so a change is seen at once); this saves decoding and compiling unchanged roles, which is safe
 * because a version names exactly one content. A new version is compiled from the org's last compiled
 * one, whose unchanged roles it takes as they are ({@link CompiledRoles#compile(List, CompiledRoles)}).
 */
@Singleton
public final class CompiledRolesCache {
  private static final int CAPACITY = 512;

  /** By org and version. */
  private final Map<String, CompiledRoles> compiled = boundedLru();

  /** Each org's most recently compiled roles, whatever their version (the same objects as in {@link #compiled}). */
  private final Map<String, CompiledRoles> latest = boundedLru();

  /** A map that forgets its least recently used entry past {@link #CAPACITY}; guarded by {@link #compiled}. */
  private static Map<String, CompiledRoles> boundedLru() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, CompiledRoles> eldest) {
        return size() > CAPACITY;
      }
    };
  }

  @Inject
  public CompiledRolesCache() {}

  /**
   * The compiled roles of {@code orgId} whose custom roles are at {@code version} (0: the org never had
   * one); {@code customRoles} decodes them, and is called only when this version is new here.
   */
  public CompiledRoles of(String orgId, long version, Supplier<List<CustomRole>> customRoles) {
    if (version == 0) {
      return CompiledRoles.builtInOnly();
    }
    String key = orgId + "#" + version;
    CompiledRoles previous;
    synchronized (compiled) {
      CompiledRoles roles = compiled.get(key);
      if (roles != null) {
        return roles;
      }
      previous = latest.get(orgId);
    }
    CompiledRoles roles = CompiledRoles.compile(customRoles.get(), previous);
    synchronized (compiled) {
      compiled.put(key, roles);
      latest.put(orgId, roles);
    }
    return roles;
  }
}

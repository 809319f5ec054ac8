/** macOS and Linux: the file and every folder above it owned by root and writable by no one else. */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const GROUP_OR_OTHER_WRITE = 0o022;

export async function posixManagedConfigTrust(path: string, rootUid = 0): Promise<string | null> {
  let current = path;
  for (;;) {
    const info = await stat(current);
    if (info.uid !== rootUid) return `${current} must be owned by root`;
    if ((info.mode & GROUP_OR_OTHER_WRITE) !== 0) {
      // A sticky world-writable folder (/tmp) would still let others plant files beside ours.
      return `${current} must not be writable by group or others`;
    }
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

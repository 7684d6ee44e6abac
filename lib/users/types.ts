import type { Role } from "@/lib/core/roles";

export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  groups: string[];
  /** Roles the person's groups map to now; null when none of their groups is known (they cannot sign in). */
  roles: Role[] | null;
  active: boolean;
  lastLoginAt: string | null;
  openSessions: number;
}

/** The inventory runs list (GET /api/inventory/runs). */
export const inventoryRunsQueryKey = ["inventory", "runs"] as const;

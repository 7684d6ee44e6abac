-- CreateEnum
CREATE TYPE "CatalogRoleStatus" AS ENUM ('ACTIVE', 'RETIRED');

-- CreateEnum
CREATE TYPE "CatalogReviewer" AS ENUM ('ACCOUNT_OWNER', 'APPROVER', 'SECURITY');

-- CreateEnum
CREATE TYPE "CicProvisioningStatus" AS ENUM ('PENDING', 'PROVISIONED', 'FAILED');

-- CreateTable
CREATE TABLE "catalog_role" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "status" "CatalogRoleStatus" NOT NULL DEFAULT 'ACTIVE',
    "current_version" INTEGER NOT NULL,
    "role_configuration_id" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "catalog_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_role_version" (
    "id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "policy_documents" TEXT[],
    "environments" "environment"[],
    "max_duration_seconds" INTEGER NOT NULL,
    "approvals_required" INTEGER NOT NULL,
    "reviewers" "CatalogReviewer"[],
    "security_for_prod" BOOLEAN NOT NULL,
    "break_glass_allowed" BOOLEAN NOT NULL,
    "change_note" TEXT NOT NULL,
    "restored_from" INTEGER,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "cic_status" "CicProvisioningStatus" NOT NULL DEFAULT 'PENDING',
    "role_configuration_id" TEXT,
    "cic_error_code" TEXT,
    "cic_error_message" TEXT,
    "cic_request_id" TEXT,
    "cic_updated_at" TIMESTAMP(3),

    CONSTRAINT "catalog_role_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "catalog_role_slug_key" ON "catalog_role"("slug");

-- CreateIndex
CREATE INDEX "catalog_role_created_by_id_idx" ON "catalog_role"("created_by_id");

-- CreateIndex
CREATE INDEX "catalog_role_status_idx" ON "catalog_role"("status");

-- CreateIndex
CREATE INDEX "catalog_role_version_role_id_idx" ON "catalog_role_version"("role_id");

-- CreateIndex
CREATE INDEX "catalog_role_version_created_by_id_idx" ON "catalog_role_version"("created_by_id");

-- CreateIndex
CREATE INDEX "catalog_role_version_cic_status_idx" ON "catalog_role_version"("cic_status");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_role_version_role_id_version_key" ON "catalog_role_version"("role_id", "version");

-- AddForeignKey
ALTER TABLE "catalog_role" ADD CONSTRAINT "catalog_role_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_role_version" ADD CONSTRAINT "catalog_role_version_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "catalog_role"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_role_version" ADD CONSTRAINT "catalog_role_version_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

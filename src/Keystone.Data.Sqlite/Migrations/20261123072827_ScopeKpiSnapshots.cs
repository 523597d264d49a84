using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keystone.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScopeKpiSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kpi_scope_snapshots",
                columns: table => new
                {
                    AccountSet = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Granularity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_scope_snapshots", x => new { x.AccountSet, x.Granularity, x.Start });
                });

            migrationBuilder.CreateIndex(
                name: "IX_kpi_scope_snapshots_Revision",
                table: "kpi_scope_snapshots",
                column: "Revision");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kpi_scope_snapshots");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Keystone.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SelectionMatrix : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "account_selections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    AvailableSales = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    LatestPositionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_selections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_account_selections_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "selection_positions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Attractiveness = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: true),
                    Strength = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: true),
                    Quadrant = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    CutOff = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_selection_positions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_selection_positions_AspNetUsers_ById",
                        column: x => x.ById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_selection_positions_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "selection_scores",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Criterion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ScoredById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ScoredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_selection_scores", x => new { x.AccountId, x.Criterion });
                    table.ForeignKey(
                        name: "FK_selection_scores_AspNetUsers_ScoredById",
                        column: x => x.ScoredById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_selection_scores_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "selection_score_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PositionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Criterion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    OldScore = table.Column<int>(type: "INTEGER", nullable: true),
                    NewScore = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_selection_score_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_selection_score_changes_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_selection_score_changes_selection_positions_PositionId",
                        column: x => x.PositionId,
                        principalTable: "selection_positions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_account_selections_AccountId",
                table: "account_selections",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_selection_positions_AccountId_At",
                table: "selection_positions",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_selection_positions_ById",
                table: "selection_positions",
                column: "ById");

            migrationBuilder.CreateIndex(
                name: "IX_selection_score_changes_AccountId_PositionId",
                table: "selection_score_changes",
                columns: new[] { "AccountId", "PositionId" });

            migrationBuilder.CreateIndex(
                name: "IX_selection_score_changes_PositionId",
                table: "selection_score_changes",
                column: "PositionId");

            migrationBuilder.CreateIndex(
                name: "IX_selection_scores_ScoredById",
                table: "selection_scores",
                column: "ScoredById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_selections");

            migrationBuilder.DropTable(
                name: "selection_score_changes");

            migrationBuilder.DropTable(
                name: "selection_scores");

            migrationBuilder.DropTable(
                name: "selection_positions");
        }
    }
}

#include <doctest/doctest.h>

#include <fepipe/impute/categorical_imputer.hpp>

TEST_CASE("docs: CategoricalImputer") {
  // [doc]
  using namespace fepipe;
  Frame X;
  X.add("FireplaceQu", Column::from_labels(std::vector<std::string>{"", "TA", "Gd", ""}));
  X.add("BsmtQual", Column::from_labels(std::vector<std::string>{"Gd", "Gd", "", "TA"}));

  CategoricalImputer missing;  // imputation_method = missing, fill_value = "Missing"
  Frame Xm = missing.fit(X).transform(X);
  // FireplaceQu                -> {"Missing", "TA", "Gd", "Missing"}

  CategoricalImputer frequent({.imputation_method = CategoricalImputation::frequent, .variables = {"BsmtQual"}});
  frequent.fit(X);
  // frequent.imputer_dict_.at("BsmtQual") -> "Gd"   (a tie between modes is a DataError)
  Frame Xf = frequent.transform(X);
  // BsmtQual                   -> {"Gd", "Gd", "Gd", "TA"}
  // [/doc]
  const Column& fq = Xm["FireplaceQu"];
  CHECK(fq.label(fq.codes()[0]) == "Missing");
  CHECK(fq.label(fq.codes()[3]) == "Missing");
  CHECK(fq.label(fq.codes()[1]) == "TA");
  CHECK(frequent.imputer_dict_.at("BsmtQual") == "Gd");
  const Column& bq = Xf["BsmtQual"];
  CHECK(bq.label(bq.codes()[2]) == "Gd");
}

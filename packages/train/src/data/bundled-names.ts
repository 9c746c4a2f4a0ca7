/** Feature names of the bundled datasets, as scikit-learn's loaders name them. */

export const IRIS_FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

export const WINE_FEATURES = [
  'alcohol',
  'malic_acid',
  'ash',
  'alcalinity_of_ash',
  'magnesium',
  'total_phenols',
  'flavanoids',
  'nonflavanoid_phenols',
  'proanthocyanins',
  'color_intensity',
  'hue',
  'od280/od315_of_diluted_wines',
  'proline',
];

const CELL_MEASURES = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave points',
  'symmetry',
  'fractal dimension',
];

/** 'mean radius' … 'mean fractal dimension', 'radius error' …, 'worst radius' …: 30 in all. */
export const BREAST_CANCER_FEATURES = [
  ...CELL_MEASURES.map((m) => `mean ${m}`),
  ...CELL_MEASURES.map((m) => `${m} error`),
  ...CELL_MEASURES.map((m) => `worst ${m}`),
];

/** 'pixel_0_0' … 'pixel_7_7', row-major over the 8×8 image. */
export const DIGITS_FEATURES = Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`);

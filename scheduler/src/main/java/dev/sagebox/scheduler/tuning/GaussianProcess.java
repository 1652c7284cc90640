package dev.sagebox.scheduler.tuning;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A Gaussian-process regression of standardised objective values on points of the unit cube: Matérn 5/2 kernel with
 * one length scale per dimension (ARD) and a noise term, conditioned with a Cholesky factorisation (EJML).
 */
final class GaussianProcess {
    private final double[][] x;
    private final double[] lengthScales;
    private final DMatrixRMaj lower;
    private final DMatrixRMaj alpha;
    private final double logMarginalLikelihood;

    private GaussianProcess(double[][] x, double[] lengthScales, DMatrixRMaj lower, DMatrixRMaj alpha, double lml) {
        this.x = x;
        this.lengthScales = lengthScales;
        this.lower = lower;
        this.alpha = alpha;
        this.logMarginalLikelihood = lml;
    }

    /** The process conditioned on {@code y} at {@code x}; null when the kernel matrix is not positive definite. */
    static GaussianProcess fit(double[][] x, double[] y, double[] lengthScales, double noise) {
        int n = x.length;
        DMatrixRMaj k = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = kernel(x[i], x[j], lengthScales) + (i == j ? noise + 1e-9 : 0);
                k.set(i, j, v);
                k.set(j, i, v);
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(k)) {
            return null;
        }
        DMatrixRMaj l = chol.getT(null);
        DMatrixRMaj b = new DMatrixRMaj(n, 1, true, y);
        DMatrixRMaj z = forward(l, b);
        DMatrixRMaj alpha = backward(l, z);
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += Math.log(l.get(i, i));
        }
        double fit = CommonOps_DDRM.dot(z, z);
        double lml = -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI);
        return new GaussianProcess(x, lengthScales, l, alpha, lml);
    }

    double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /** Posterior mean and variance at {@code point}. */
    double[] predict(double[] point) {
        int n = x.length;
        DMatrixRMaj kStar = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            kStar.set(i, 0, kernel(point, x[i], lengthScales));
        }
        double mean = CommonOps_DDRM.dot(kStar, alpha);
        DMatrixRMaj v = forward(lower, kStar);
        double variance = Math.max(1e-12, 1 - CommonOps_DDRM.dot(v, v));
        return new double[] {mean, variance};
    }

    /** Matérn 5/2 with unit signal variance. */
    static double kernel(double[] a, double[] b, double[] lengthScales) {
        double r2 = 0;
        for (int d = 0; d < a.length; d++) {
            double diff = (a[d] - b[d]) / lengthScales[d];
            r2 += diff * diff;
        }
        double r = Math.sqrt(5 * r2);
        return (1 + r + 5 * r2 / 3) * Math.exp(-r);
    }

    /** Solves L z = b. */
    private static DMatrixRMaj forward(DMatrixRMaj l, DMatrixRMaj b) {
        DMatrixRMaj out = b.copy();
        TriangularSolver_DDRM.solveL(l.data, out.data, l.numRows);
        return out;
    }

    /** Solves Lᵀ x = z. */
    private static DMatrixRMaj backward(DMatrixRMaj l, DMatrixRMaj z) {
        DMatrixRMaj out = z.copy();
        TriangularSolver_DDRM.solveTranL(l.data, out.data, l.numRows);
        return out;
    }
}

package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.ComputeAdvantages;
import dev.anvil.grpo.actors.DatasetActor;
import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.ReferenceActor;
import dev.anvil.grpo.actors.RewardActor;
import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.data.Sample;
import dev.anvil.grpo.generation.Completion;
import dev.anvil.grpo.training.Episode;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ServiceHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One continuous rollout worker, TorchForge's {@code continuous_rollouts}: prompts from the dataset, a group per
 * prompt from a policy replica, reference log-probs, rewards and advantages, episodes into the replay buffer
 * with the version that generated them. Runs until stopped; a failed round is counted and retried.
 */
final class RolloutLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutLoop.class);

    /** The services a rollout calls. */
    record Services(
            ServiceHandle<DatasetActor> dataset,
            ServiceHandle<PolicyActor> policy,
            ServiceHandle<ReferenceActor> reference,
            ServiceHandle<RewardActor> reward,
            ServiceHandle<ComputeAdvantages> advantages) {}

    private final Services svc;
    private final ReplayBuffer<Episode> buffer;
    private final SamplingConfig sampling;
    private final int prompts;
    private final RolloutStats stats;
    private final AtomicBoolean stop;
    private final long highWater;

    RolloutLoop(
            Services svc,
            ReplayBuffer<Episode> buffer,
            SamplingConfig sampling,
            int prompts,
            long highWater,
            RolloutStats stats,
            AtomicBoolean stop) {
        this.svc = svc;
        this.highWater = highWater;
        this.buffer = buffer;
        this.sampling = sampling;
        this.prompts = prompts;
        this.stats = stats;
        this.stop = stop;
    }

    @Override
    public void run() {
        while (!stop.get()) {
            try {
                // Backpressure: on shared cores, rollouts the trainer can never use (they go stale) only slow it down.
                if (highWater > 0 && buffer.size() >= highWater) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    continue;
                }
                round();
            } catch (RuntimeException e) {
                if (stop.get()) {
                    return;
                }
                // A replica died under the call and the retries ran out, or a service restarts: try again.
                stats.failures.incrementAndGet();
                LOG.warn("rollout round failed, retrying: {}", e.toString());
            }
        }
    }

    private void round() {
        List<Sample> samples = svc.dataset()
                .endpoint(DatasetActor::sampleBatch, prompts)
                .route()
                .join();
        List<String> requests = samples.stream().map(Sample::request).toList();
        long t0 = System.nanoTime();
        List<List<Completion>> groups = svc.policy()
                .endpoint(PolicyActor::generateBatch, requests, sampling)
                .route()
                .join();
        long t1 = System.nanoTime();
        List<int[]> promptIds = new ArrayList<>();
        List<int[]> responseIds = new ArrayList<>();
        int tokens = 0;
        for (List<Completion> g : groups) {
            for (Completion c : g) {
                promptIds.add(c.promptIds());
                responseIds.add(c.tokenIds());
                tokens += c.tokenIds().length;
            }
        }
        CompletableFuture<float[][]> refF = svc.reference()
                .endpoint(ReferenceActor::logprobs, promptIds, responseIds)
                .route();
        List<CompletableFuture<double[]>> rewardsF = new ArrayList<>();
        for (int p = 0; p < groups.size(); p++) {
            List<String> texts = groups.get(p).stream().map(Completion::text).toList();
            rewardsF.add(svc.reward()
                    .endpoint(RewardActor::scoreGroup, texts, samples.get(p).target())
                    .route());
        }
        List<CompletableFuture<double[]>> advF = rewardsF.stream()
                .map(f -> f.thenCompose(r ->
                        svc.advantages().endpoint(ComputeAdvantages::compute, r).route()))
                .toList();
        float[][] ref = refF.join();
        long t2 = System.nanoTime();
        List<Episode> episodes = new ArrayList<>(promptIds.size());
        int row = 0;
        long version = groups.get(0).get(0).generatorVersion();
        for (int p = 0; p < groups.size(); p++) {
            double[] rewards = rewardsF.get(p).join();
            double[] adv = advF.get(p).join();
            List<Completion> g = groups.get(p);
            for (int i = 0; i < g.size(); i++) {
                Completion c = g.get(i);
                episodes.add(Episode.of(
                        c, ref[row++], rewards[i], adv[i], samples.get(p).target()));
            }
        }
        // One generation batch comes from one replica under one lock, so every completion has the same version.
        buffer.addAll(episodes, version);
        buffer.flush();
        stats.episodesAdded.addAndGet(episodes.size());
        stats.tokens.addAndGet(tokens);
        stats.generationNanos.addAndGet(t1 - t0);
        stats.referenceNanos.addAndGet(t2 - t1);
        stats.rounds.incrementAndGet();
    }
}
